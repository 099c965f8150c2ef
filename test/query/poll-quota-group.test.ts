import { afterEach, describe, expect, it } from 'vitest';
import { invalidInput } from '../../src/core/errors.js';
import { EntityQuery } from '../../src/query/entity-query.js';
import { readEach } from '../../src/query/reads.js';
import { record, settle, testContext, type TestContext } from './context.js';

/**
 * The poller of an EntityQuery stretches by the backlog of the quota group its reads count
 * against (`def.group`, e.g. RealTime tags: `realtime:ListTagsForResource`), not that of an
 * operation of the same name in another service.
 */
describe('a prefixed resource under quota pressure', () => {
  let ctx: TestContext;
  afterEach(() => ctx?.dispose());

  it('stretches the entity poll by the backlog of the group its reads count against', async () => {
    ctx = testContext({ refetchInterval: 1000, quotas: { 'svc:GetThing': 1 } });
    const resource = new EntityQuery<{ id: string }>(ctx, {
      collection: 'things',
      service: 'test',
      checkId: (id) => (typeof id === 'string' ? undefined : invalidInput('GetThing', 'id', 'must be a string')),
      operation: 'GetThing',
      group: 'svc:GetThing',
      max: 100,
      read: readEach('GetThing', async (id) => ({ id }), { group: 'svc:GetThing' }),
    });
    // The group's one call a second is taken, and three more wait.
    for (let i = 0; i < 4; i++)
      void ctx.scheduler.run('svc:GetThing', 'background', () => new Promise(() => undefined)).catch(() => undefined);
    expect(ctx.scheduler.delayFor('svc:GetThing')).toBeGreaterThan(0);
    const s = record(resource.get$('a'));
    await settle();
    const polling = ctx.metrics.snapshot.polling.things;
    expect(polling?.requestedMs).toBe(1000);
    expect(polling?.effectiveMs).toBeGreaterThan(1000);
    s.stop();
  });
});
