import type { CaseDetail } from '../../../contracts/cases.ts';
import { isMessageKey, useT, type Translate } from '../i18n/index.ts';
import { useUi } from '../store/ui.ts';
import { CasePhoto } from './CasePhoto.tsx';
import { labelOf, timeText } from './labels.ts';

/** 流程查看: every step with who, when, what and photos, oldest first. */
export function CaseTimeline({ detail, onPhoto }: { detail: CaseDetail; onPhoto(url: string): void }) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const now = Date.parse(detail.now);
  return (
    <ol className="case-timeline" data-testid="case-timeline">
      {detail.history.map((h) => (
        <li key={h.id} className={`step step-${h.action}`} data-testid="timeline-step" data-action={h.action}>
          <div className="step-head">
            <b>{labelOf(t, 'action', h.action)}</b>
            <span className="mono muted">{timeText(h.at, lang, now)}</span>
          </div>
          <div className="step-meta">
            {h.actor.kind === 'system' ? t('cases.drawer.system') : h.actor.name}
            {h.actor.role && h.actor.kind === 'user' ? ` · ${roleLabel(t, h.actor.role)}` : ''}
            {h.fromState !== h.toState && (
              <span className="muted">
                {' '}
                · {h.fromState ? `${labelOf(t, 'state', h.fromState)} → ` : ''}
                {labelOf(t, 'state', h.toState)}
              </span>
            )}
          </div>
          {typeof h.data.department === 'string' && (
            <div className="step-note">
              {t('cases.drawer.department')}：{h.data.department}
            </div>
          )}
          {h.note && <div className="step-note">{h.note}</div>}
          {h.photos.length > 0 && (
            <div className="photos">
              {h.photos.map((p) => (
                <CasePhoto key={p} sha256={p} onOpen={onPhoto} />
              ))}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}

function roleLabel(t: Translate, role: string): string {
  const key = `role.${role}`;
  return isMessageKey(key) ? t(key) : role;
}
