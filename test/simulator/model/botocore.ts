import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * The botocore service models, the independent statement of every input limit of IVS
 * and IVS RealTime. Located through the machine's python3 (`import botocore`) at test
 * time; botocore ships them as `data/<service>/<api-version>/service-2.json(.gz)`.
 */
export interface ShapeRef {
  shape: string;
  location?: string;
  locationName?: string;
}
export interface Shape {
  type: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  required?: string[];
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  timestampFormat?: string;
}
export interface Operation {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: ShapeRef;
  output?: ShapeRef;
}
export interface ServiceModel {
  file: string;
  version: string;
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

function botocoreDir(): { dir: string; version: string } | undefined {
  try {
    const out = execFileSync(
      process.env.PYTHON ?? 'python3',
      ['-c', 'import botocore, os; print(os.path.dirname(botocore.__file__)); print(botocore.__version__)'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    const [dir, version] = out.trim().split('\n');
    return dir && version && existsSync(join(dir, 'data')) ? { dir, version } : undefined;
  } catch {
    return undefined;
  }
}

function load(dir: string, version: string, service: string): ServiceModel | undefined {
  const base = join(dir, 'data', service);
  if (!existsSync(base)) return undefined;
  // API versions are dates; the newest directory is the current API.
  const apiVersion = readdirSync(base).sort().at(-1);
  if (!apiVersion) return undefined;
  for (const name of ['service-2.json', 'service-2.json.gz']) {
    const file = join(base, apiVersion, name);
    if (!existsSync(file)) continue;
    const raw = readFileSync(file);
    const text = (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    const json = JSON.parse(text) as Omit<ServiceModel, 'file' | 'version'>;
    return { ...json, file, version };
  }
  return undefined;
}

export interface Models {
  ivs: ServiceModel;
  realtime: ServiceModel;
}

/** Both models, or the reason they are not here. */
export function loadModels(): Models | { missing: string } {
  const found = botocoreDir();
  if (!found) return { missing: 'python3 with botocore is not installed' };
  const ivs = load(found.dir, found.version, 'ivs');
  const realtime = load(found.dir, found.version, 'ivs-realtime');
  if (!ivs || !realtime)
    return { missing: `botocore ${found.version} at ${found.dir} has no ivs or ivs-realtime model` };
  return { ivs, realtime };
}

/**
 * Without botocore the model tests are skipped locally; on CI (CI set, as the browser
 * tests read it) they must run, so a missing model fails loudly instead.
 */
export function modelsOrSkip(): Models | undefined {
  const models = loadModels();
  if ('missing' in models) {
    if (process.env.CI)
      throw new Error(`The botocore service models are required on CI: ${models.missing} (pip install botocore)`);
    return undefined;
  }
  return models;
}
