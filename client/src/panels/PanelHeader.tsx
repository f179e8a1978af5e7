import type { ReactNode } from 'react';

interface Props {
  /** The small line above the title (what kind of panel). */
  kicker: string;
  title: ReactNode;
  /** The close button's accessible name. */
  closeLabel: string;
  onClose: () => void;
  /** Between the title and the close button (badges, actions). */
  children?: ReactNode;
  /** The element and the close glyph: a card heads with a plain `div` and `×`. */
  as?: 'header' | 'div';
  closeGlyph?: '✕' | '×';
}

/** The head of a drawer or card: kicker and title, then the close button (styles: `.panel-head`). */
export function PanelHeader({
  kicker,
  title,
  closeLabel,
  onClose,
  children,
  as: Head = 'header',
  closeGlyph = '✕',
}: Props) {
  return (
    <Head className="panel-head">
      <h2>
        <span className="kicker">{kicker}</span>
        {title}
      </h2>
      {children}
      <button className="close" type="button" aria-label={closeLabel} onClick={onClose}>
        {closeGlyph}
      </button>
    </Head>
  );
}
