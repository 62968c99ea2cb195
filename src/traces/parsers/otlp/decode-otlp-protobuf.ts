import { AppError } from '@/core/errors';

/**
 * Decodes an OTLP/protobuf ExportTraceServiceRequest straight from the wire format into the
 * OTLP/JSON object shape (camelCase, hex ids, int64 as decimal strings, bytes as base64), so one
 * mapper reads both encodings. It reads only the few OTLP messages ingest uses
 * (opentelemetry/proto/{collector/trace,trace,resource,common}/v1, as in proto/) and builds no
 * message objects besides the ones the mapper reads. Unknown fields are skipped; every string
 * field is checked as UTF-8. VALIDATION for a malformed message or a string that is not UTF-8.
 */
export function decodeOtlpProtobuf(body: Uint8Array): unknown {
  try {
    return readRequest(new Reader(body));
  } catch (cause) {
    // The fatal UTF-8 decoder throws a TypeError; the reader throws WireError on bad wire data.
    const reason =
      cause instanceof TypeError
        ? 'a string field is not valid UTF-8'
        : cause instanceof Error
          ? cause.message
          : String(cause);
    throw new AppError('VALIDATION', `invalid OTLP protobuf body: ${reason}`, { cause });
  }
}

class WireError extends Error {}

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const START_GROUP = 3;
const END_GROUP = 4;
const FIXED32 = 5;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Strings up to this many bytes are looked up among those decoded before (`Reader.short`). */
const SHORT_STRING = 48;

function sameAscii(text: string, buf: Uint8Array, from: number, to: number): boolean {
  if (text.length !== to - from) {
    return false;
  }
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== buf[from + i]) {
      return false;
    }
  }
  return true;
}

/** A cursor over protobuf wire data; every read is bounds-checked. */
class Reader {
  pos = 0;
  /** Short ASCII strings decoded so far, by a hash of their bytes (`short`). */
  private readonly strings = new Map<number, string>();
  readonly view: DataView;
  constructor(readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** A varint up to 32 bits (tags, lengths, enums, bools); higher bits are read and dropped. */
  uint32(): number {
    const buf = this.buf;
    let result = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (this.pos >= buf.length) {
        throw new WireError('premature EOF');
      }
      const b = buf[this.pos++] as number;
      if (shift < 32) {
        result |= (b & 0x7f) << shift;
      }
      if (b < 0x80) {
        return result >>> 0;
      }
    }
    throw new WireError('invalid varint');
  }

  /** A varint as a signed 64-bit decimal string (int64). */
  int64(): string {
    const buf = this.buf;
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= buf.length) {
        throw new WireError('premature EOF');
      }
      const b = buf[this.pos++] as number;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) {
        return BigInt.asIntN(64, result).toString();
      }
    }
    throw new WireError('invalid varint');
  }

  private need(n: number): number {
    const at = this.pos;
    if (n < 0 || at + n > this.buf.length) {
      throw new WireError('premature EOF');
    }
    this.pos = at + n;
    return at;
  }

  /** fixed64 as an unsigned decimal string. */
  fixed64(): string {
    const at = this.need(8);
    const lo = this.view.getUint32(at, true);
    const hi = this.view.getUint32(at + 4, true);
    return hi === 0 ? String(lo) : ((BigInt(hi) << 32n) | BigInt(lo)).toString();
  }

  double(): number {
    return this.view.getFloat64(this.need(8), true);
  }

  bytes(): Uint8Array {
    const n = this.uint32();
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }

  string(): string {
    const n = this.uint32();
    const at = this.need(n);
    return n <= SHORT_STRING ? this.short(at, at + n) : utf8.decode(this.buf.subarray(at, at + n));
  }

  /**
   * A short string (attribute keys, names, enum-like values: they repeat across spans) from the
   * strings this body already decoded, when it is ASCII and one of them; else decoded and kept.
   */
  private short(from: number, to: number): string {
    const buf = this.buf;
    let hash = to - from;
    for (let i = from; i < to; i++) {
      const b = buf[i] as number;
      if (b >= 0x80) {
        return utf8.decode(buf.subarray(from, to));
      }
      hash = (Math.imul(hash, 31) + b) | 0;
    }
    const known = this.strings.get(hash);
    if (known !== undefined && sameAscii(known, buf, from, to)) {
      return known;
    }
    const text = utf8.decode(buf.subarray(from, to));
    this.strings.set(hash, text);
    return text;
  }

  /** A bytes field as lower-case hex (ids), read in place. */
  hex(): string {
    const n = this.uint32();
    const at = this.need(n);
    let hex = '';
    for (let i = at; i < at + n; i++) {
      hex += HEX[this.buf[i] as number];
    }
    return hex;
  }

  /** The end of a length-delimited field whose length is read now. */
  end(): number {
    const n = this.uint32();
    const at = this.need(n);
    this.pos = at;
    return at + n;
  }

  skip(wireType: number, field: number): void {
    switch (wireType) {
      case VARINT:
        this.uint32();
        return;
      case FIXED64:
        this.need(8);
        return;
      case LEN:
        this.need(this.uint32());
        return;
      case FIXED32:
        this.need(4);
        return;
      case START_GROUP:
        for (;;) {
          const tag = this.uint32();
          if ((tag & 7) === END_GROUP) {
            if (tag >>> 3 !== field) {
              throw new WireError('invalid end group tag');
            }
            return;
          }
          this.skip(tag & 7, tag >>> 3);
        }
      default:
        throw new WireError(`cant skip wire type ${wireType}`);
    }
  }
}

/** Reads the fields of one message up to `end`, calling `field` for each (it reads or skips). */
function fields(r: Reader, end: number, field: (no: number, wireType: number) => void): void {
  while (r.pos < end) {
    const tag = r.uint32();
    const no = tag >>> 3;
    if (no === 0) {
      throw new WireError('illegal tag: field no 0');
    }
    field(no, tag & 7);
  }
  if (r.pos !== end) {
    throw new WireError('premature EOF');
  }
}

/** Reads a field of the expected wire type, else skips it as the sender encoded it. */
function expect(r: Reader, wireType: number, want: number, no: number): boolean {
  if (wireType === want) {
    return true;
  }
  r.skip(wireType, no);
  return false;
}

type KeyValue = { key: string; value: Record<string, unknown> };

function readRequest(r: Reader) {
  const resourceSpans: unknown[] = [];
  fields(r, r.buf.length, (no, wt) => {
    if (no === 1 && expect(r, wt, LEN, no)) {
      resourceSpans.push(readResourceSpans(r, r.end()));
    } else if (no !== 1) {
      r.skip(wt, no);
    }
  });
  return { resourceSpans };
}

/**
 * ResourceSpans and ScopeSpans share one layout: a header message (1), repeated children (2) and
 * a schema_url (3). `header` reads the header; the children are read with `child`.
 */
function readGroup<T>(
  r: Reader,
  end: number,
  header: () => void,
  child: (r: Reader, end: number) => T,
): T[] {
  const children: T[] = [];
  fields(r, end, (no, wt) => {
    if (no === 1 && expect(r, wt, LEN, no)) {
      header();
    } else if (no === 2 && expect(r, wt, LEN, no)) {
      children.push(child(r, r.end()));
    } else if (no === 3 && expect(r, wt, LEN, no)) {
      r.string(); // schema_url
    } else if (no > 3) {
      r.skip(wt, no);
    }
  });
  return children;
}

function readResourceSpans(r: Reader, end: number) {
  const attributes: KeyValue[] = [];
  // Resource: attributes (1); a resource sent twice merges
  const scopeSpans = readGroup(
    r,
    end,
    () =>
      fields(r, r.end(), (no, wt) => {
        if (no === 1 && expect(r, wt, LEN, no)) {
          attributes.push(readKeyValue(r, r.end(), 0));
        } else if (no !== 1) {
          r.skip(wt, no);
        }
      }),
    readScopeSpans,
  );
  return { resource: { attributes }, scopeSpans };
}

function readScopeSpans(r: Reader, end: number) {
  let scope: { name: string; version: string } | undefined;
  // InstrumentationScope: name (1), version (2), attributes (3)
  const spans = readGroup(
    r,
    end,
    () => {
      const s = scope ?? { name: '', version: '' };
      fields(r, r.end(), (no, wt) => {
        if (no === 1 && expect(r, wt, LEN, no)) {
          s.name = r.string();
        } else if (no === 2 && expect(r, wt, LEN, no)) {
          s.version = r.string();
        } else if (no === 3 && expect(r, wt, LEN, no)) {
          readKeyValue(r, r.end(), 0);
        } else if (no > 3) {
          r.skip(wt, no);
        }
      });
      scope = s;
    },
    readSpan,
  );
  return { scope, spans };
}

function readSpan(r: Reader, end: number) {
  const span = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    name: '',
    kind: 0,
    startTimeUnixNano: '0',
    endTimeUnixNano: '0',
    attributes: [] as KeyValue[],
    events: [] as unknown[],
    status: undefined as { code: number; message: string } | undefined,
  };
  while (r.pos < end) {
    const tag = r.uint32();
    const no = tag >>> 3;
    const wt = tag & 7;
    if (wt === LEN && no === 1) {
      span.traceId = r.hex();
    } else if (wt === LEN && no === 2) {
      span.spanId = r.hex();
    } else if (wt === LEN && no === 3) {
      r.string(); // trace_state
    } else if (wt === LEN && no === 4) {
      span.parentSpanId = r.hex();
    } else if (wt === LEN && no === 5) {
      span.name = r.string();
    } else if (wt === VARINT && no === 6) {
      span.kind = r.uint32() | 0;
    } else if (wt === FIXED64 && no === 7) {
      span.startTimeUnixNano = r.fixed64();
    } else if (wt === FIXED64 && no === 8) {
      span.endTimeUnixNano = r.fixed64();
    } else if (wt === LEN && no === 9) {
      span.attributes.push(readKeyValue(r, r.end(), 0));
    } else if (wt === LEN && no === 11) {
      span.events.push(readEvent(r, r.end()));
    } else if (wt === LEN && no === 15) {
      span.status = readStatus(r, r.end(), span.status);
    } else {
      skipField(r, tag); // dropped counts, links, flags
    }
  }
  done(r, end, span);
  return span;
}

function readEvent(r: Reader, end: number) {
  const event = { timeUnixNano: '0', name: '', attributes: [] as KeyValue[] };
  fields(r, end, (no, wt) => {
    if (no === 1 && expect(r, wt, FIXED64, no)) {
      event.timeUnixNano = r.fixed64();
    } else if (no === 2 && expect(r, wt, LEN, no)) {
      event.name = r.string();
    } else if (no === 3 && expect(r, wt, LEN, no)) {
      event.attributes.push(readKeyValue(r, r.end(), 0));
    } else if (no > 3) {
      r.skip(wt, no);
    }
  });
  return event;
}

function readStatus(r: Reader, end: number, merged?: { code: number; message: string }) {
  const status = merged ?? { code: 0, message: '' };
  fields(r, end, (no, wt) => {
    if (no === 2 && expect(r, wt, LEN, no)) {
      status.message = r.string();
    } else if (no === 3 && expect(r, wt, VARINT, no)) {
      status.code = r.uint32() | 0;
    } else if (no !== 2 && no !== 3) {
      r.skip(wt, no);
    }
  });
  return status;
}

// Deeper values are dropped (the mapper reads 32 levels): bounds the recursion on hostile input.
const MAX_DEPTH = 64;

function readKeyValue(r: Reader, end: number, depth: number): KeyValue {
  const kv: KeyValue = { key: '', value: {} };
  while (r.pos < end) {
    const tag = r.uint32();
    const no = tag >>> 3;
    const wt = tag & 7;
    if (no === 1 && wt === LEN) {
      kv.key = r.string();
    } else if (no === 2 && wt === LEN) {
      kv.value = readAnyValue(r, r.end(), depth);
    } else {
      skipField(r, tag);
    }
  }
  return done(r, end, kv);
}

/** A protobuf AnyValue (a oneof, the last one set wins) as its OTLP/JSON object; `{}` when unset. */
function readAnyValue(r: Reader, end: number, depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  while (r.pos < end) {
    const tag = r.uint32();
    const no = tag >>> 3;
    const wt = tag & 7;
    if (no === 1 && wt === LEN) {
      value = { stringValue: r.string() };
    } else if (no === 2 && wt === VARINT) {
      value = { boolValue: r.uint32() !== 0 };
    } else if (no === 3 && wt === VARINT) {
      value = { intValue: r.int64() };
    } else if (no === 4 && wt === FIXED64) {
      value = { doubleValue: r.double() };
    } else if ((no === 5 || no === 6) && wt === LEN) {
      // ArrayValue / KeyValueList: values (1)
      const values: unknown[] = [];
      const listEnd = r.end();
      while (r.pos < listEnd) {
        const t = r.uint32();
        if (t === ((1 << 3) | LEN)) {
          values.push(
            no === 5 ? readAnyValue(r, r.end(), depth + 1) : readKeyValue(r, r.end(), depth + 1),
          );
        } else {
          skipField(r, t);
        }
      }
      done(r, listEnd, values);
      value = no === 5 ? { arrayValue: { values } } : { kvlistValue: { values } };
    } else if (no === 7 && wt === LEN) {
      value = { bytesValue: toBase64(r.bytes()) };
    } else {
      skipField(r, tag);
    }
  }
  done(r, end, value);
  return depth > MAX_DEPTH ? {} : value;
}

/** Skips a field this reader does not read (unknown, or sent with another wire type). */
function skipField(r: Reader, tag: number): void {
  if (tag >>> 3 === 0) {
    throw new WireError('illegal tag: field no 0');
  }
  r.skip(tag & 7, tag >>> 3);
}

/** `value`, once the message ended exactly at `end`. */
function done<T>(r: Reader, end: number, value: T): T {
  if (r.pos !== end) {
    throw new WireError('premature EOF');
  }
  return value;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}
