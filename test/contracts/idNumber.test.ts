import { describe, expect, it } from 'vitest';
import { idCheckChar, idNumberFacts, idNumberProblem, makeIdNumber } from '../../contracts/idNumber.ts';

describe('ID numbers (GB 11643)', () => {
  it('accepts a published valid number, including the X check character', () => {
    expect(idNumberProblem('11010519491231002X')).toBeNull();
    expect(idCheckChar('11010519491231002')).toBe('X');
  });

  it('names what is wrong: format, impossible birth date, checksum', () => {
    expect(idNumberProblem('11010519491231002x')).toBe('format');
    expect(idNumberProblem('1101051949123100')).toBe('format');
    expect(idNumberProblem('110105194902300021')).toBe('birth_date'); // 30 February
    expect(idNumberProblem('110105299901010021')).toBe('birth_date'); // in the future
    expect(idNumberProblem('110105194912310021')).toBe('checksum');
  });

  it('builds valid numbers whose sequence encodes sex', () => {
    const male = makeIdNumber('120106', '1980-03-15', 13);
    const female = makeIdNumber('120106', '1982-07-02', 24);
    expect(idNumberProblem(male)).toBeNull();
    expect(idNumberFacts(male)).toEqual({ birthDate: '1980-03-15', sex: 'M' });
    expect(idNumberFacts(female)).toEqual({ birthDate: '1982-07-02', sex: 'F' });
  });
});
