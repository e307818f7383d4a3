import { describe, expect, it } from 'vitest';
import { assignRunColors, RUN_PALETTE, RunColors } from '../../src-renderer/lib/run-colors.ts';

describe('run colours', () => {
  it('gives runs distinct palette colours in order', () => {
    const colors = assignRunColors(['relu', 'relu-bn', 'tsqrt']);
    expect([...colors.values()]).toEqual(RUN_PALETTE.slice(0, 3));
  });

  it('keeps earlier colours when runs are added or removed', () => {
    const first = assignRunColors(['relu', 'tsqrt', 'gelu']);
    const second = assignRunColors(['gelu', 'swish'], first);
    expect(second.get('gelu')).toBe(first.get('gelu'));
    expect(second.get('swish')).not.toBe(first.get('gelu'));
    expect(second.get('swish')).toBe(RUN_PALETTE[0]);
  });

  it('cycles through the palette once every colour is taken', () => {
    const ids = Array.from({ length: RUN_PALETTE.length + 2 }, (_, i) => `run${i}`);
    const colors = assignRunColors(ids);
    expect(new Set(colors.values()).size).toBe(RUN_PALETTE.length);
    expect(colors.get(`run${RUN_PALETTE.length}`)).toBe(RUN_PALETTE[0]);
  });

  it('the session registry never changes a colour once given, until reset', () => {
    const registry = new RunColors();
    const relu = registry.colorOf('relu');
    registry.register(['tsqrt', 'relu', 'gelu']);
    expect(registry.colorOf('relu')).toBe(relu);
    expect(registry.colorOf('tsqrt')).not.toBe(relu);
    registry.reset();
    expect(registry.colorOf('gelu')).toBe(RUN_PALETTE[0]);
  });
});
