import { describe, expect, it } from 'vitest';
import { bboxParamSchema } from '../../contracts/geo.ts';

describe('bbox parameter', () => {
  it('parses minLon,minLat,maxLon,maxLat', () => {
    expect(bboxParamSchema.parse(' 117.1, 39.1,117.2,39.2')).toEqual([117.1, 39.1, 117.2, 39.2]);
  });
  it.each([
    ['three numbers', '1,2,3'],
    ['an empty part', '1,,2,3'],
    ['words', 'a,b,c,d'],
    ['inverted', '117.2,39.1,117.1,39.2'],
    ['empty area', '117,39,117,39'],
    ['outside lon/lat', '-181,0,0,1'],
    ['larger than a city', '116,38,118,40'],
  ])('rejects %s', (_what, bbox) => {
    expect(bboxParamSchema.safeParse(bbox).success).toBe(false);
  });
});
