/**
 * Typed arrays that grow as values are appended (doubling), for the millions of node references
 * of a large extract: 8 bytes a value instead of a JS array's boxed numbers and per-way arrays.
 */

export class GrowableFloat64Array {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const larger = new Float64Array(this.data.length * 2);
      larger.set(this.data);
      this.data = larger;
    }
    this.data[this.length++] = value;
  }

  /** The values appended so far (a view: valid until the next push). */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }

  /** Bytes held (capacity, not length). */
  get byteLength(): number {
    return this.data.byteLength;
  }

  /** Empties the array and lets its memory go. */
  clear(): void {
    this.data = new Float64Array(0);
    this.length = 0;
  }
}

export class GrowableUint32Array {
  private data = new Uint32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const larger = new Uint32Array(this.data.length * 2);
      larger.set(this.data);
      this.data = larger;
    }
    this.data[this.length++] = value;
  }

  /** The values appended so far (a view: valid until the next push). */
  view(): Uint32Array {
    return this.data.subarray(0, this.length);
  }

  /** Bytes held (capacity, not length). */
  get byteLength(): number {
    return this.data.byteLength;
  }
}
