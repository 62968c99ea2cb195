import { createRouter } from '@/api/create-router';
import { created, noContent, routesFor } from '@/api/routes-for';
import {
  CreateSavedViewInput,
  createSavedView,
  deleteSavedView,
  listSavedViews,
  SavedViewView,
} from './saved-views';

const { delete: del, list, post } = routesFor('Traces');

/** Saved trace-list views (a signed-in member's; API keys have none). */
export const savedViewsRoutes = createRouter()
  .openapi(
    ...list(
      '/saved-views',
      'Your saved trace-list views and the shared ones',
      {},
      SavedViewView,
      'Views by name',
      listSavedViews,
    ),
  )
  .openapi(
    ...post(
      '/saved-views',
      "Save the trace list's filter and metadata columns as a view",
      { json: CreateSavedViewInput },
      created(SavedViewView, 'The view'),
      createSavedView,
    ),
  )
  .openapi(
    ...del(
      '/saved-views/{id}',
      'Delete one of your saved views',
      {},
      noContent('Deleted'),
      deleteSavedView,
    ),
  );
