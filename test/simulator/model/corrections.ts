import type { Service } from '../../../src/simulator/operations/types.js';
import type { ServiceModel } from './botocore.js';

/**
 * Constraints of the model the simulator reads differently, each replaced here before
 * the comparison (and checked to still say what we correct, so a fixed model drops it).
 */
export const CORRECTIONS: Array<{
  service: Service;
  shape: string;
  pattern: { model: string; used: string };
  examples: string[];
  why: string;
}> = [
  {
    service: 'ivs',
    shape: 'ResourceArn',
    pattern: {
      model: 'arn:aws:ivs:[a-z0-9-]+:[0-9]+:[a-z-]/[a-zA-Z0-9-]+',
      used: 'arn:aws:ivs:[a-z0-9-]+:[0-9]+:(channel|stream-key|playback-key|recording-configuration|playback-restriction-policy|ad-configuration)/[a-zA-Z0-9-]+',
    },
    examples: [
      'arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh',
      'arn:aws:ivs:us-west-2:123456789012:playback-restriction-policy/ABcdef1',
    ],
    why: "The tag operations' resource ARN allows a one-letter resource type (`[a-z-]`), which no ARN has: the service cannot enforce it. The simulator takes the service's taggable resource types, which also tell it which service a shared /tags route is for.",
  },
  {
    service: 'realtime',
    shape: 'ResourceArn',
    pattern: {
      model: 'arn:aws:ivs:[a-z0-9-]+:[0-9]+:[a-z-]/[a-zA-Z0-9-]+',
      used: 'arn:aws:ivs:[a-z0-9-]+:[0-9]+:(stage|composition|encoder-configuration|storage-configuration|public-key|ingest-configuration)/[a-zA-Z0-9-]+',
    },
    examples: [
      'arn:aws:ivs:us-west-2:123456789012:stage/abcdABCDefgh',
      'arn:aws:ivs:us-west-2:123456789012:encoder-configuration/ABcdef1',
    ],
    why: 'As for IVS, in the RealTime model.',
  },
];

/** The model with the corrections applied; throws when the model no longer says what is corrected. */
export function corrected(service: Service, model: ServiceModel): ServiceModel {
  const shapes = { ...model.shapes };
  for (const c of CORRECTIONS.filter((c) => c.service === service)) {
    const shape = shapes[c.shape];
    if (shape?.pattern !== c.pattern.model)
      throw new Error(
        `${service} ${c.shape} no longer has the pattern this test corrects (${c.pattern.model}): drop the correction`,
      );
    shapes[c.shape] = { ...shape, pattern: c.pattern.used };
  }
  return { ...model, shapes };
}
