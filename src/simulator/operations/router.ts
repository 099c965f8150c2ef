import { SimError, validation } from './errors.js';
import type { OperationSpec, Service } from './types.js';

export interface Route {
  spec: OperationSpec;
  /** Members carried by the path and query (`resourceArn`, `tagKeys`). */
  params: Record<string, unknown>;
}

const RESOURCE_TYPE = /^arn:aws:ivs:[^:]*:[^:]*:([a-z-]+)\//;

/**
 * The one router. Every operation of both services is `POST /<Operation>` except the
 * tag operations, which share `/tags/{resourceArn}` across IVS and IVS RealTime; those
 * are told apart by the resource type inside the ARN.
 */
export class Router {
  private readonly byRoute = new Map<string, OperationSpec>();
  private readonly tagRoutes = new Map<string, Map<Service, OperationSpec>>();
  private readonly serviceOfType = new Map<string, Service>();

  constructor(specs: readonly OperationSpec[]) {
    for (const spec of specs) {
      if (spec.path === '/tags/{resourceArn}') {
        const byService = this.tagRoutes.get(spec.method) ?? new Map<Service, OperationSpec>();
        byService.set(spec.service, spec);
        this.tagRoutes.set(spec.method, byService);
        const arnRule = spec.fields.resourceArn;
        if (arnRule?.kind === 'arn') for (const t of arnRule.types) this.serviceOfType.set(t, spec.service);
        continue;
      }
      const key = `${spec.method} ${spec.path}`;
      if (this.byRoute.has(key)) throw new Error(`Two operations share the route ${key}`);
      this.byRoute.set(key, spec);
    }
  }

  /** `rawPath` is still percent-encoded; `query` is decoded. */
  route(method: string, rawPath: string, query: URLSearchParams): Route {
    if (rawPath.startsWith('/tags/')) return this.routeTags(method, rawPath.slice('/tags/'.length), query);
    const spec = this.byRoute.get(`${method} ${rawPath}`);
    if (!spec) throw new SimError('UnknownOperationException', `No operation at ${method} ${rawPath}`);
    return { spec, params: {} };
  }

  private routeTags(method: string, encodedArn: string, query: URLSearchParams): Route {
    const byService = this.tagRoutes.get(method);
    if (!byService) throw new SimError('UnknownOperationException', `No operation at ${method} /tags/{resourceArn}`);
    let resourceArn: string;
    try {
      resourceArn = decodeURIComponent(encodedArn);
    } catch {
      throw validation("Value at 'resourceArn' failed to satisfy constraint: Member must be a percent-encoded ARN");
    }
    const type = RESOURCE_TYPE.exec(resourceArn)?.[1];
    const service = (type && this.serviceOfType.get(type)) || 'ivs';
    const spec = byService.get(service) ?? [...byService.values()][0];
    if (!spec) throw new SimError('UnknownOperationException', `No operation at ${method} /tags/{resourceArn}`);
    const params: Record<string, unknown> = { resourceArn };
    if (query.has('tagKeys')) params.tagKeys = query.getAll('tagKeys');
    return { spec, params };
  }
}
