/** What one request holds of the budget; released whole when its response closes. */
export interface Reservation {
  bytes: number;
}

/**
 * The bytes every request in the relay may hold at once: bodies as they arrive and after
 * decompression, until their responses close.
 * SECURITY: with Sentry stalled, requests pile up holding their bodies; the per-request caps
 * alone would let N requests hold N times the cap. Past this budget the relay answers 503.
 */
export class ByteBudget {
  private used = 0;

  constructor(readonly max: number) {}

  /** Adds `bytes` to the reservation, or returns false and adds nothing when over the budget. */
  reserve(reservation: Reservation, bytes: number): boolean {
    if (this.used + bytes > this.max) return false;
    this.used += bytes;
    reservation.bytes += bytes;
    return true;
  }

  release(reservation: Reservation): void {
    this.used -= reservation.bytes;
    reservation.bytes = 0;
  }

  get inUse(): number {
    return this.used;
  }
}
