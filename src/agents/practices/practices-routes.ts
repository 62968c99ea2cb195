import { createRouter } from '@/api/create-router';
import { created, noContent, ok, routesFor } from '@/api/routes-for';
import { CreatePracticeInput, PracticeView, UpdatePracticeInput } from './practice-input';
import { createPractice, deletePractice, listPractices, updatePractice } from './practices';

const { delete: del, list, patch, post } = routesFor('Prompt practices');

export const practicesRoutes = createRouter()
  .openapi(
    ...list(
      '/prompt-practices',
      "Best-practice rules: iofold's, then the workspace's",
      {},
      PracticeView,
      'Rules',
      listPractices,
    ),
  )
  .openapi(
    ...post(
      '/prompt-practices',
      'Add a workspace rule (one sentence, an optional trigger and lint)',
      { json: CreatePracticeInput },
      created(PracticeView, 'The rule'),
      createPractice,
    ),
  )
  .openapi(
    ...patch(
      '/prompt-practices/{id}',
      'Edit or disable a workspace rule',
      { json: UpdatePracticeInput },
      ok(PracticeView, 'The rule'),
      (ctx, { id, ...body }) => updatePractice(ctx, id, body),
    ),
  )
  .openapi(
    ...del(
      '/prompt-practices/{id}',
      'Delete a workspace rule',
      {},
      noContent('Deleted'),
      (ctx, { id }) => deletePractice(ctx, id),
    ),
  );
