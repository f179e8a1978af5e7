import { useUi } from '../store/ui.ts';

/** 中 / EN: switches every label at once (kept in localStorage). */
export function LangToggle() {
  const lang = useUi((s) => s.lang);
  const setLang = useUi((s) => s.setLang);
  return (
    <div className="seg" data-testid="lang-toggle" role="group" aria-label="language">
      <button className={lang === 'zh' ? 'on' : ''} onClick={() => setLang('zh')} type="button">
        中
      </button>
      <button className={lang === 'en' ? 'on' : ''} onClick={() => setLang('en')} type="button">
        EN
      </button>
    </div>
  );
}
