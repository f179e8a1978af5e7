import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskPhone, maskRoom, protectResident } from '../../server/src/residents/masking.ts';
import { matchKinds } from '../../server/src/residents/residents.service.ts';
import { buildTree } from '../../server/src/regions/regions.service.ts';

describe('masking', () => {
  it('keeps the region code and the last four characters of an ID number', () => {
    expect(maskIdNumber('12010619800315013X')).toBe('120106********013X');
  });
  it('masks the middle of a mobile number and all but four digits of others', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('02287654321')).toBe('022****4321');
    expect(maskPhone('87654321')).toBe('****4321');
  });
  it('drops key-population tags unless the caller may see them, and unmasks only with permission', () => {
    const r = { idNumber: '12010619800315013X', phone: '13812345678', keyTags: ['petitioner'] };
    const none = { unmasked: false, keyPopulation: false };
    expect(protectResident(r, none)).toEqual({ idNumber: '120106********013X', phone: '138****5678' });
    expect(protectResident(r, { unmasked: true, keyPopulation: true })).toEqual(r);
    expect(protectResident(r, { unmasked: false, keyPopulation: true }).keyTags).toEqual(['petitioner']);
  });
  it('masks a room number within its floor, so the floor matrix still renders', () => {
    expect(maskRoom('1502', 15)).toBe('15**');
    expect(maskRoom('101', 1)).toBe('1**');
    expect(maskRoom('A3', 2)).toBe('**');
    expect(maskRoom('B01', -1)).toBe('***');
    expect(maskRoom('1', 1)).toBe('*');
  });
});

describe('search kinds', () => {
  it('looks names, full and partial ID numbers and phones up in the right index', () => {
    expect(matchKinds('张伟')).toEqual(['name']);
    expect(matchKinds('12010619800315013X')).toEqual(['id_number']);
    expect(matchKinds('13812345678')).toEqual(['phone', 'id_tail']);
    expect(matchKinds('013X')).toEqual(['id_tail']);
    expect(matchKinds('5678')).toEqual(['id_tail', 'phone_tail']);
  });
});

describe('region tree', () => {
  it('nests rows under their parents and roots the jurisdiction top', () => {
    const tree = buildTree([
      { code: '120106001', parentCode: '120106', name: 'A', level: 'street' },
      { code: '120106001001', parentCode: '120106001', name: 'A1', level: 'community' },
      { code: '120106001002', parentCode: '120106001', name: 'A2', level: 'community' },
    ]);
    expect(tree).toHaveLength(1);
    expect(tree[0]!.children.map((c) => c.code)).toEqual(['120106001001', '120106001002']);
  });
});
