import { describe, expect, it } from 'vitest';
import { freshSurfaces, JobSurfaces } from '../../src-renderer/lib/fresh-surfaces.ts';

describe('surfaces a job brought', () => {
  it('are the new ids and the recomputed ones', () => {
    const before = [{ id: 'a', createdAt: '1' }, { id: 'b', createdAt: '1' }];
    expect(freshSurfaces(before, [...before, { id: 'c', createdAt: '2' }])).toEqual(['c']);
    expect(freshSurfaces(before, [{ id: 'a', createdAt: '3' }, before[1]])).toEqual(['a']);
  });

  it('include, at the job\'s end, the surfaces it showed while it ran', () => {
    const jobs = new JobSurfaces();
    jobs.add('j', ['relu.random']);
    expect(jobs.finish('j', ['tsqrt.random'])).toEqual(['relu.random', 'tsqrt.random']);
    expect(jobs.finish('j', [])).toEqual([]);
  });
});
