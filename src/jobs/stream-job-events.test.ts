import { describe, expect, it } from 'vitest';
import type { Deps } from '@/core/context';
import type { JobEvent } from '@/core/ports/job-queue';
import { createSystemCtx } from '@/core/system-ctx';
import { createTestWorkspace } from '@/db/testing';
import { createJobHandlers } from '@/hosts/job-handlers';
import { jobWorld } from '@/hosts/testing/job-world';
import { createJobEventBus } from './create-job-event-bus';
import { streamJobEvents } from './stream-job-events';
import { waitForStatus } from './testing';

type Frame = { id?: string; event: string; data: Record<string, unknown> };

async function readFrames(stream: ReadableStream<Uint8Array>): Promise<Frame[]> {
  const text = await new Response(stream).text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() && !block.startsWith(':'))
    .map((block) => {
      const fields = Object.fromEntries(
        block
          .split('\n')
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
      );
      return { id: fields.id, event: fields.event ?? '', data: JSON.parse(fields.data ?? '{}') };
    });
}

const world = jobWorld();

describe('job event stream (SSE)', () => {
  it('streams a snapshot, live progress and the terminal event, then closes', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    world.start({
      handlers: createJobHandlers({
        noop: async (ctx) => {
          await gate;
          for (let done = 1; done <= 3; done++) {
            ctx.progress({ done, total: 3, message: `item ${done}` });
          }
          return { items: 3 };
        },
      }),
      pollMs: 50,
    });
    const { id } = await world.enqueueNoop();
    await waitForStatus(world.deps, id, ['running']);
    const stream = await streamJobEvents(createSystemCtx(world.deps, world.ws), { jobId: id });
    release();
    const frames = await readFrames(stream);
    expect(frames.map((f) => f.event)).toEqual([
      'snapshot',
      'progress',
      'progress',
      'progress',
      'succeeded',
    ]);
    expect(frames[0]?.data).toMatchObject({ jobId: id, status: 'running' });
    expect(frames[3]?.data).toMatchObject({ percent: 100, done: 3, total: 3, message: 'item 3' });
    expect(frames[4]?.data).toMatchObject({ result: { items: 3 } });
    expect(frames.slice(1).every((f) => f.id)).toBe(true);
  });

  it('resumes after Last-Event-ID with only the events missed', async () => {
    const seen: JobEvent[] = [];
    world.deps.jobEvents.subscribe((event) => seen.push(event));
    world.start({
      handlers: createJobHandlers({
        noop: async (ctx) => {
          ctx.progress({ done: 1, total: 2 });
          ctx.progress({ done: 2, total: 2 });
          return null;
        },
      }),
      pollMs: 50,
    });
    const { id } = await world.enqueueNoop();
    await waitForStatus(world.deps, id, ['succeeded']);
    expect(seen.map((e) => e.kind)).toEqual([
      'queued',
      'started',
      'progress',
      'progress',
      'succeeded',
    ]);
    const resumed = await readFrames(
      await streamJobEvents(createSystemCtx(world.deps, world.ws), {
        jobId: id,
        lastEventId: seen[2]!.id,
      }),
    );
    expect(resumed.map((f) => f.event)).toEqual(['progress', 'succeeded']);
    expect(resumed[0]).toMatchObject({ id: seen[3]!.id, data: { done: 2 } });
    const unknown = await readFrames(
      await streamJobEvents(createSystemCtx(world.deps, world.ws), {
        jobId: id,
        lastEventId: 'elsewhere-7',
      }),
    );
    expect(unknown.map((f) => f.event)).toEqual(['snapshot']);
    expect(unknown[0]?.data).toMatchObject({ status: 'succeeded' });
  });

  it('answers NOT_FOUND for a job of another workspace', async () => {
    const other = (await createTestWorkspace(world.deps, 'Other')).id;
    const { id } = await world.enqueueNoop({}, other);
    await expect(
      streamJobEvents(createSystemCtx(world.deps, world.ws), { jobId: id }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('job event stream polling (jobs run in another process)', () => {
  it('ends a job stream with the outcome read from the row, and follows the workspace', async () => {
    const elsewhere: Deps = { ...world.deps, jobEvents: createJobEventBus({ local: false }) };
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { id } = await world.enqueueNoop();
    const ctx = createSystemCtx(elsewhere, world.ws);
    const jobStream = await streamJobEvents(ctx, { jobId: id, pollMs: 10 });
    const abort = new AbortController();
    const workspaceStream = await streamJobEvents(ctx, { pollMs: 10, signal: abort.signal });
    world.start({
      handlers: createJobHandlers({
        noop: async () => {
          await gate;
          return { done: true };
        },
      }),
      pollMs: 20,
    });
    await waitForStatus(world.deps, id, ['running']);
    release();
    const frames = await readFrames(jobStream);
    expect(frames[0]).toMatchObject({ event: 'snapshot', data: { status: 'queued' } });
    expect(frames.at(-2)).toMatchObject({ event: 'snapshot', data: { status: 'succeeded' } });
    expect(frames.at(-1)).toMatchObject({
      event: 'succeeded',
      data: { jobId: id, result: { done: true } },
    });
    setTimeout(() => abort.abort(), 50);
    const all = await readFrames(workspaceStream);
    expect(all.map((f) => f.data.status)).toContain('succeeded');
    expect(all.at(-1)).toMatchObject({ event: 'succeeded', data: { jobId: id } });
  });
});

describe('job event bus', () => {
  it('replays buffered events after an id and reports unknown or evicted ids as null', () => {
    const bus = createJobEventBus({ bufferSize: 3, boot: 'b' });
    const ids = [1, 2, 3, 4, 5].map(
      (n) => bus.publish({ jobId: 'j', workspaceId: 'w', kind: 'log', data: { n } }).id,
    );
    expect(ids).toEqual(['b-1', 'b-2', 'b-3', 'b-4', 'b-5']);
    expect(bus.since('b-3', 'w')?.map((e) => e.data.n)).toEqual([4, 5]);
    expect(bus.since('b-2', 'w')?.map((e) => e.data.n)).toEqual([3, 4, 5]);
    expect(bus.since('b-1', 'w')).toBeNull();
    expect(bus.since('other-3', 'w')).toBeNull();
    expect(bus.since('b-9', 'w')).toBeNull();
    expect(bus.since('b-5', 'w')).toEqual([]);
  });

  it('counts each workspace apart: ids tell a workspace nothing of the others (probes3 F11)', () => {
    const bus = createJobEventBus({ bufferSize: 10, boot: 'b' });
    const emit = (workspaceId: string, n: number) =>
      bus.publish({ jobId: `j-${workspaceId}`, workspaceId, kind: 'log', data: { n } }).id;
    const first = emit('wb', 1);
    const others = [1, 2, 3, 4, 5].map((n) => emit('wa', n));
    const next = emit('wb', 2);
    expect([first, next]).toEqual(['b-1', 'b-2']);
    expect(others).toEqual(['b-1', 'b-2', 'b-3', 'b-4', 'b-5']);
    expect(bus.since('b-1', 'wb')?.map((e) => [e.workspaceId, e.data.n])).toEqual([['wb', 2]]);
    expect(bus.since('b-3', 'wa')?.map((e) => e.data.n)).toEqual([4, 5]);
    expect(bus.since('b-3', 'wb')).toBeNull();
  });

  it('reports a workspace id whose events were evicted by others as unknown', () => {
    const bus = createJobEventBus({ bufferSize: 3, boot: 'b' });
    bus.publish({ jobId: 'j', workspaceId: 'wb', kind: 'log', data: {} });
    bus.publish({ jobId: 'j', workspaceId: 'wb', kind: 'log', data: {} });
    for (const n of [1, 2, 3]) {
      bus.publish({ jobId: 'k', workspaceId: 'wa', kind: 'log', data: { n } });
    }
    expect(bus.since('b-1', 'wb')).toBeNull();
    expect(bus.since('b-2', 'wb')).toEqual([]);
  });
});
