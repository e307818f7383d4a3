import { describe, expect, it } from 'vitest';
import { differenceMap, parseCssColor, rgbToCss, srgbToLinear, viridis } from '../../src-renderer/lib/colormap.ts';

const byte = (rgb: number[]): number[] => rgb.map((v) => Math.round(v * 255));

describe('colour maps', () => {
  it('viridis starts at dark purple #440154 and ends at yellow #fde725', () => {
    expect(byte(viridis.sample(0))).toEqual([0x44, 0x01, 0x54]);
    expect(byte(viridis.sample(1))).toEqual([0xfd, 0xe7, 0x25]);
  });

  it('viridis at 0.5 is the teal #21918c of the published map, within one step', () => {
    const [r, g, b] = byte(viridis.sample(0.5));
    expect(Math.abs(r - 0x21)).toBeLessThanOrEqual(1);
    expect(Math.abs(g - 0x91)).toBeLessThanOrEqual(1);
    expect(Math.abs(b - 0x8c)).toBeLessThanOrEqual(1);
  });

  it('viridis grows in lightness from one end to the other', () => {
    const luminance = (t: number): number => {
      const [r, g, b] = viridis.sample(t).map(srgbToLinear);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (let t = 0.1; t <= 1; t += 0.1) expect(luminance(t)).toBeGreaterThan(luminance(t - 0.1));
  });

  it('clamps values outside [0, 1] and treats NaN as the bottom', () => {
    expect(viridis.sample(-3)).toEqual(viridis.sample(0));
    expect(viridis.sample(7)).toEqual(viridis.sample(1));
    expect(viridis.sample(NaN)).toEqual(viridis.sample(0));
  });

  it('the difference map is white at its middle and red above, blue below', () => {
    const [r, g, b] = differenceMap.sample(0.5);
    expect(Math.min(r, g, b)).toBeGreaterThan(0.9);
    const [hr, , hb] = differenceMap.sample(1);
    expect(hr).toBeGreaterThan(hb);
    const [lr, , lb] = differenceMap.sample(0);
    expect(lb).toBeGreaterThan(lr);
  });

  it('parses hex and rgb() colours and writes them back', () => {
    expect(parseCssColor('#ff8000')).toEqual([1, 128 / 255, 0]);
    expect(parseCssColor('rgb(0, 255, 51)')).toEqual([0, 1, 0.2]);
    expect(rgbToCss([1, 0.5, 0])).toBe('rgb(255, 128, 0)');
    expect(() => parseCssColor('teal')).toThrow(/teal/);
  });

  it('converts sRGB to linear with the standard transfer function', () => {
    expect(srgbToLinear(0)).toBe(0);
    expect(srgbToLinear(1)).toBeCloseTo(1, 12);
    expect(srgbToLinear(0.5)).toBeCloseTo(0.21404, 4);
  });

  it('describes itself as a CSS gradient for the colour bar', () => {
    expect(viridis.cssGradient()).toMatch(/^linear-gradient\(to top, rgb\(68, 1, 84\) 0%/);
  });
});
