import express, { type Express, type RequestHandler } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SearchHit } from '../../src/search/search-service.js';
import { errorHandler, HttpError } from '../../src/server/errors.js';
import { identified, jsonRoute } from '../../src/server/respond.js';
import { RelatedResponse } from '../../src/server/responses.js';

const Status = z.strictObject({ status: z.literal('ok'), counts: z.array(z.number()) });

function appWith(route: RequestHandler): Express {
  const app = express();
  app.get('/x', route);
  app.use(errorHandler());
  return app;
}

const later = async (): Promise<number[]> => [1, 2];
const identity = { embedder: 'lexical:test', indexVersion: 'v1' };
/** A service as the search routes see it once its lookups are asynchronous. */
const service = { identity, related: async (): Promise<SearchHit[]> => [] };

describe('jsonRoute', () => {
  it('sends the awaited body, with the status the handler set', async () => {
    const app = appWith(
      jsonRoute(Status, async (_req, res) => {
        res.status(201);
        return { status: 'ok', counts: await later() };
      }),
    );
    const res = await request(app).get('/x').expect(201);
    expect(res.body).toEqual({ status: 'ok', counts: [1, 2] });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('a handler that throws, at once or later, answers through the error handler', async () => {
    const now = appWith(
      jsonRoute(Status, () => {
        throw new HttpError(409, 'conflict', 'no');
      }),
    );
    expect((await request(now).get('/x').expect(409)).body.error.code).toBe('conflict');
    const afterwards = appWith(
      jsonRoute(Status, async () => {
        await later();
        throw new z.ZodError([]);
      }),
    );
    expect((await request(afterwards).get('/x').expect(400)).body.error.code).toBe(
      'invalid_request',
    );
  });

  it('carries its schema, so tests can compare it with the document', () => {
    expect(jsonRoute(Status, () => ({ status: 'ok', counts: [] })).responseSchema).toBe(Status);
  });

  it('identified adds the timing, embedder and index version', async () => {
    const app = appWith(
      jsonRoute(RelatedResponse, async (_req, res) =>
        identified(res, service.identity, {
          id: 'p1',
          k: 3,
          mode: 'hybrid',
          results: await service.related(),
        }),
      ),
    );
    const { body } = await request(app).get('/x').expect(200);
    expect(RelatedResponse.parse(body)).toMatchObject({
      embedder: 'lexical:test',
      index_version: 'v1',
    });
    expect(body.took_ms).toBeGreaterThanOrEqual(0);
  });

  // `npm run typecheck` fails if any of these compiles: a Promise can never be sent as a body.
  it('a body that is, or holds, an un-awaited Promise does not compile', () => {
    const routes = [
      // @ts-expect-error a field still a Promise
      jsonRoute(Status, async () => ({ status: 'ok', counts: later() })),
      // @ts-expect-error the same, one level down
      jsonRoute(Status, () => Promise.resolve({ status: 'ok', counts: later() })),
      // @ts-expect-error a handler that forgot to return its body
      jsonRoute(Status, async () => {
        await later();
      }),
      jsonRoute(RelatedResponse, async (_req, res) =>
        // @ts-expect-error the service's results not awaited
        identified(res, identity, { id: 'p1', k: 3, mode: 'hybrid', results: service.related() }),
      ),
      // @ts-expect-error a value the schema does not allow
      jsonRoute(Status, () => ({ status: 'fine', counts: [] })),
    ];
    expect(routes).toHaveLength(5);
  });
});
