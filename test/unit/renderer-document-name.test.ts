import { describe, expect, it } from 'vitest';
import { documentName, documentStatus } from '../../src-renderer/lib/document-name.ts';

describe('document name', () => {
  it('is the saved file for the title and the status bar alike, never the host\'s working copy', () => {
    expect(documentName({ savedPath: '/data/snapshots/first-session.lab', dirty: false })).toBe('first-session.lab');
    expect(documentStatus({ savedPath: '/data/snapshots/first-session.lab', dirty: true })).toBe('first-session.lab • unsaved changes');
    expect(documentStatus({ savedPath: null, dirty: true })).toBe('not saved yet');
  });
});
