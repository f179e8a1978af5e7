-- Permissions become rows of their own (instead of a CHECK list), so each feature's migration adds
-- the permissions it needs with one INSERT. Grants for the features that follow (cases, grid-worker
-- positions, 3D layers) are made here, once, so the access policy reads in one place.

CREATE TABLE permissions (
  name text PRIMARY KEY CHECK (name ~ '^[a-z_]+\.[a-z_]+$'),
  description text NOT NULL
);

INSERT INTO permissions (name, description) VALUES
  ('regions.read', 'region tree, outlines and summaries'),
  ('buildings.read', 'buildings, houses and occupancy counts'),
  ('people.read', 'masked resident lists of a house or building'),
  ('people.search', 'search people by name, ID number or phone'),
  ('people.unmask', 'see one resident unmasked, with a reason, audited'),
  ('people.key_population', 'see key-population tags'),
  ('audit.read', 'read the audit log'),
  ('users.manage', 'create, change and disable users'),
  ('displays.manage', 'register and revoke wall displays'),
  ('cases.read', 'see cases (事件) of the jurisdiction, their flow and photos'),
  ('cases.report', 'report a new case (phone, hotline intake)'),
  ('cases.act', 'take workflow actions on a case, as the workflow allows the role'),
  ('cases.configure', 'change the workflow configuration of the jurisdiction'),
  ('workers.read', 'see grid-worker positions, duty and tracks'),
  ('positions.report', 'report own GPS positions and clock in/out (the grid worker phone)'),
  ('layers.manage', 'register and remove external 3D layers');

ALTER TABLE role_permissions DROP CONSTRAINT role_permissions_permission_check;
ALTER TABLE role_permissions
  ADD CONSTRAINT role_permissions_permission_fkey FOREIGN KEY (permission) REFERENCES permissions (name);

INSERT INTO role_permissions (role, permission) VALUES
  ('leader', 'cases.read'), ('leader', 'workers.read'),
  ('operator', 'cases.read'), ('operator', 'cases.report'), ('operator', 'cases.act'),
  ('operator', 'workers.read'),
  ('analyst', 'cases.read'), ('analyst', 'workers.read'),
  ('grid_worker', 'cases.read'), ('grid_worker', 'cases.report'), ('grid_worker', 'cases.act'),
  ('grid_worker', 'positions.report'),
  ('handler', 'cases.read'), ('handler', 'cases.act'),
  ('admin', 'cases.read'), ('admin', 'cases.configure'), ('admin', 'layers.manage');
