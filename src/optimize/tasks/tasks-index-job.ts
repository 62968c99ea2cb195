import type { JobHandler } from '@/jobs/job-handler';
import { indexTasks } from './index-tasks';

/** `tasks.index`: the tasks index over traces new or changed since it last ran (see indexTasks). */
export const tasksIndexJob: JobHandler<'tasks.index'> = (ctx, payload) =>
  indexTasks(ctx, payload, {
    isCancelled: () => ctx.isCancelled(),
    progress: (done) => ctx.progress({ done, message: `${done} traces indexed` }),
  });
