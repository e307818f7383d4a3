/**
 * Compare's linked cameras (issue 15, framing: "keep linked cameras linked"):
 * orbiting one panel moves every other, a panel that appears later takes the
 * group's view, copies do not echo back, and unlinking or leaving stops it.
 */
import { Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { CameraLink, type CameraState, type LinkMember } from '../../src-renderer/three/camera-link.ts';

/** A panel whose controls report every camera change, as OrbitControls' 'change' does, applied copies included. */
class Panel implements LinkMember {
  state: CameraState;
  applied = 0;
  constructor(
    private readonly link: CameraLink,
    position: [number, number, number],
  ) {
    this.state = { position: new Vector3(...position), target: new Vector3(), zoom: 1 };
  }
  cameraState(): CameraState {
    return { position: this.state.position.clone(), target: this.state.target.clone(), zoom: this.state.zoom };
  }
  applyCameraState(state: CameraState): void {
    this.applied += 1;
    this.state = { position: state.position.clone(), target: state.target.clone(), zoom: state.zoom };
    this.link.moved(this);
  }
  orbit(position: [number, number, number], zoom = 1): void {
    this.state = { ...this.state, position: new Vector3(...position), zoom };
    this.link.moved(this);
  }
}

describe('linked cameras', () => {
  it('move every panel with the one the user orbits, once each, with no echo', () => {
    const link = new CameraLink();
    const [a, b, c] = [new Panel(link, [1, 2, 3]), new Panel(link, [4, 5, 6]), new Panel(link, [7, 8, 9])];
    for (const panel of [a, b, c]) link.join(panel);
    // Newcomers took the first panel's view.
    expect(b.state.position.toArray()).toEqual([1, 2, 3]);
    expect(c.state.position.toArray()).toEqual([1, 2, 3]);
    const before = [b.applied, c.applied];
    b.orbit([0, -5, 2], 1.5);
    for (const panel of [a, c]) {
      expect(panel.state.position.toArray()).toEqual([0, -5, 2]);
      expect(panel.state.zoom).toBe(1.5);
    }
    expect([b.applied, c.applied]).toEqual([before[0], before[1]! + 1]);
    expect(b.state.position.toArray()).toEqual([0, -5, 2]);
  });

  it('keep the group linked when a panel appears later, and stop when unlinked or left', () => {
    const link = new CameraLink();
    const a = new Panel(link, [1, 1, 1]);
    link.join(a);
    a.orbit([2, 2, 2]);
    const late = new Panel(link, [9, 9, 9]);
    const leave = link.join(late);
    expect(late.state.position.toArray()).toEqual([2, 2, 2]);
    late.orbit([3, 0, 0]);
    expect(a.state.position.toArray()).toEqual([3, 0, 0]);

    link.enabled = false;
    a.orbit([5, 5, 5]);
    expect(late.state.position.toArray()).toEqual([3, 0, 0]);
    link.enabled = true;
    leave();
    a.orbit([6, 6, 6]);
    expect(late.state.position.toArray()).toEqual([3, 0, 0]);
  });
});
