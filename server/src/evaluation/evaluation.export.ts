import type { EvaluationAnswer } from '../../../contracts/evaluation.ts';
import type { ExportTable } from '../export/table.ts';

const L = {
  zh: {
    rank: '排名',
    code: '编码',
    name: '名称',
    score: '总分',
    grade: '等级',
    cases: '案件数',
    yellow: '黄牌',
    red: '红牌',
    value: '',
    pts: '得分',
  },
  en: {
    rank: 'Rank',
    code: 'Code',
    name: 'Name',
    score: 'Score',
    grade: 'Grade',
    cases: 'Cases',
    yellow: 'Yellow cards',
    red: 'Red cards',
    value: '',
    pts: 'score',
  },
};

/** The ranking as the board shows it: the same answer, each indicator's value and its score. */
export function rankingTable(a: EvaluationAnswer, lang: 'zh' | 'en'): ExportTable {
  const l = L[lang];
  const name = (i: EvaluationAnswer['indicators'][number]) => (lang === 'zh' ? i.nameZh : i.nameEn);
  return {
    title: `${a.period} ${a.subject}${a.level ? ` ${a.level}` : ''}`,
    columns: [
      { key: 'rank', label: l.rank, kind: 'int' },
      { key: 'code', label: l.code, kind: 'text' },
      { key: 'name', label: l.name, kind: 'text' },
      { key: 'score', label: l.score, kind: 'decimal' },
      { key: 'grade', label: l.grade, kind: 'text' },
      { key: 'cases', label: l.cases, kind: 'int' },
      { key: 'yellow', label: l.yellow, kind: 'int' },
      { key: 'red', label: l.red, kind: 'int' },
      ...a.indicators.flatMap((i) => [
        {
          key: `${i.code}`,
          label: name(i),
          kind: i.denominator === null ? ('int' as const) : ('ratio' as const),
        },
        { key: `${i.code}:score`, label: `${name(i)} ${l.pts}`, kind: 'decimal' as const },
      ]),
    ],
    rows: a.rows.map((r) => ({
      rank: r.rank,
      code: r.code,
      name: r.name,
      score: r.score,
      grade: r.grade,
      cases: r.cases,
      yellow: r.cards.yellow,
      red: r.cards.red,
      ...Object.fromEntries(
        r.indicators.flatMap((v) => [
          [v.code, v.value],
          [`${v.code}:score`, v.score],
        ]),
      ),
    })),
  };
}
