/** Resume positions per account + title, last write wins by the client's timestamp (not arrival order). */
export interface ResumePoint {
  account: string;
  title: string;
  position: number;
  clientTime: number;
  device?: string;
}

export class ResumeStore {
  private readonly points = new Map<string, ResumePoint>();

  /** Stores `p` unless a newer client write is already there; returns the stored point. */
  put(p: ResumePoint): ResumePoint {
    const key = `${p.account}\u0000${p.title}`;
    const prev = this.points.get(key);
    if (!prev || p.clientTime >= prev.clientTime) {
      if (!prev && this.points.size >= 100_000) this.points.delete(this.points.keys().next().value!);
      this.points.set(key, p);
      return p;
    }
    return prev;
  }

  get(account: string, title: string): ResumePoint | null {
    return this.points.get(`${account}\u0000${title}`) ?? null;
  }
}
