import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { currentBackend, formatBackendReport, isBackendName } from '../../src-main/engine/backend.ts';

describe('backend choice', () => {
  it('reports the backend that actually runs', () => {
    const report = currentBackend();
    expect(report).not.toBeNull();
    expect(report!.tfName).toBe(tf.getBackend());
    expect(['wasm', 'cpu']).toContain(report!.chosen);
    expect(formatBackendReport(report!)).toContain(report!.chosen);
  });

  it('recognises only the four backend names', () => {
    expect(isBackendName('wasm')).toBe(true);
    expect(isBackendName('webgl')).toBe(false);
  });
});
