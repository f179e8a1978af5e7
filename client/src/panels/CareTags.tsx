import type { Resident } from '../../../contracts/residents.ts';
import { useT } from '../i18n/index.ts';

/** Short marks for the matrix cells (a cell holds a few characters at most). */
export const CARE_ICON: Record<Resident['careTags'][number], string> = {
  elderly_alone: '老',
  empty_nest: '巢',
  disabled: '残',
  left_behind_child: '童',
  low_income: '保',
};

/** Care tags (service work) and, only when the server sent them, key-population tags. */
export function CareTags({ tags, keyTags }: { tags: Resident['careTags']; keyTags?: Resident['keyTags'] }) {
  const t = useT();
  if (tags.length === 0 && !keyTags?.length) return null;
  return (
    <span className="tags">
      {tags.map((tag) => (
        <span key={tag} className={`tag care care-${tag}`}>
          {t(`care.${tag}`)}
        </span>
      ))}
      {keyTags?.map((tag) => (
        <span key={tag} className="tag key">
          {t(`key.${tag}`)}
        </span>
      ))}
    </span>
  );
}
