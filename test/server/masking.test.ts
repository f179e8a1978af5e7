import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskText } from '../../server/src/residents/maskText.ts';
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

describe('free text (maskText)', () => {
  const id = '12010619800315013X';
  it('masks ID numbers, phones and card numbers typed into text like the fields', () => {
    expect(maskText(`住户张伟身份证${id}，电话13812345678，请联系`)).toBe(
      '住户张伟身份证120106********013X，电话138****5678，请联系',
    );
    expect(maskText('身份证号120106198003150138')).toBe('身份证号120106********0138');
    expect(maskText('id 12010619800315013x lower x')).toBe('id 120106********013X lower x');
    expect(maskText('old card 120106800315013')).toBe('old card 120106*****5013');
    expect(maskText('call +86 138-1234-5678 or 138 1234 5678')).toBe('call +86 138****5678 or 138****5678');
    expect(maskText('卡号6222 0212 3456 7890 123')).toBe('卡号***************0123');
    expect(maskText('座机022-87654321')).toBe('座机022****4321'); // as maskPhone does
    expect(maskText('QQ 123456789')).toBe('QQ *****6789');
  });
  it('masks full-width digits as an input method types them', () => {
    expect(maskText('电话１３８１２３４５６７８')).toBe('电话138****5678');
    expect(maskText('证件１２０１０６１９８００３１５０１３Ｘ')).toBe('证件120106********013X');
  });
  it('leaves house numbers, floors, amounts, years and dates alone', () => {
    for (const s of [
      '3号楼2单元1502室',
      '赔偿50000元',
      '2026年12月7日',
      '20261207已处理',
      '2026-12-07 上午',
      '第101号',
    ])
      expect(maskText(s)).toBe(s);
    // a date beside a phone stays a date
    expect(maskText('2026-12-07 13812345678')).toBe('2026-12-07 138****5678');
  });
  it('never lets 7 or more digits in a row through', () => {
    fc.assert(
      fc.property(fc.string(), fc.stringMatching(/^[0-9]{7,20}$/), fc.string(), (a, digits, b) => {
        expect(maskText(a + digits + b)).not.toMatch(/[0-9]{7}/);
      }),
    );
  });
});
