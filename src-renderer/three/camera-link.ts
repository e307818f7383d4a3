/**
 * Linked cameras for side-by-side surfaces: when the user orbits, pans or
 * zooms one view, every other member takes the same camera. Copies do not
 * echo back (a member being synced does not broadcast).
 */
import type { Vector3 } from 'three';

export interface CameraState {
  position: Vector3;
  target: Vector3;
  zoom: number;
}

export interface LinkMember {
  cameraState(): CameraState;
  applyCameraState(state: CameraState): void;
}

export class CameraLink {
  enabled = true;
  #members = new Set<LinkMember>();
  #syncing = false;

  join(member: LinkMember): () => void {
    // A newcomer takes the group's current view, so the grid starts aligned.
    const leader = this.#members.values().next().value;
    this.#members.add(member);
    if (leader && this.enabled) this.#copy(leader, [member]);
    return () => this.#members.delete(member);
  }

  /** A member's camera moved by user input. */
  moved(source: LinkMember): void {
    if (!this.enabled || this.#syncing) return;
    this.#copy(source, [...this.#members].filter((m) => m !== source));
  }

  #copy(source: LinkMember, targets: LinkMember[]): void {
    const state = source.cameraState();
    this.#syncing = true;
    try {
      for (const member of targets) member.applyCameraState(state);
    } finally {
      this.#syncing = false;
    }
  }
}
