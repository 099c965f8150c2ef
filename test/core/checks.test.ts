import { firstValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { got, inputProblem, invalid$, optionsProblem, rule } from '../../src/core/checks.js';
import { invalidInput } from '../../src/core/errors.js';

const positive = rule((v) => typeof v === 'number' && v > 0, 'a positive number');

describe('argument checks', () => {
  it('a rule passes an absent member and names the field, the rule and the value it refuses', () => {
    expect(positive('Op', 'size', undefined)).toBeUndefined();
    expect(positive('Op', 'size', 3)).toBeUndefined();
    expect(positive('Op', 'size', -1)).toMatchObject({
      kind: 'validation',
      field: 'size',
      message: "Op: 'size' must be a positive number, got -1",
    });
  });

  it('an input must be an object of known members, each passing its check', () => {
    const checks = { size: positive, name: rule((v) => typeof v === 'string', 'a string') };
    expect(inputProblem('Op', { size: 1 }, checks)).toBeUndefined();
    expect(inputProblem('Op', null, checks)).toMatchObject({
      field: 'input',
      message: "Op: 'input' must be an object, got null",
    });
    expect(inputProblem('Op', 'x', checks)?.message).toBe("Op: 'input' must be an object, got 'x'");
    expect(inputProblem('Op', [1], checks)?.message).toBe("Op: 'input' must be an object, got an array of 1");
    expect(inputProblem('Op', { size: 1, bogus: 2 }, checks)).toMatchObject({
      field: 'bogus',
      message: "Op: 'bogus' is not a known member of the input: size, name",
    });
    expect(inputProblem('Op', { name: 5 }, checks)?.field).toBe('name');
    // A member named like Object.prototype's is unknown, not inherited.
    expect(inputProblem('Op', JSON.parse('{"toString":1}') as object, checks)?.field).toBe('toString');
  });

  it('options may be absent; refetchInterval must be a positive number', () => {
    expect(optionsProblem('Op', undefined)).toBeUndefined();
    expect(optionsProblem('Op', { refetchInterval: 1000 })).toBeUndefined();
    expect(optionsProblem('Op', { refetchInterval: 0 })?.field).toBe('refetchInterval');
    expect(optionsProblem('Op', { refetchInterval: Infinity })?.field).toBe('refetchInterval');
    expect(optionsProblem('Op', 5)?.message).toBe("Op: 'options' must be an object, got 5");
  });

  it('a refused value is shown by kind only when it is an object, so secrets inside never reach a message', () => {
    expect(got({ streamKey: 'sk_secret' })).toBe('object');
    expect(got(() => 'sk_secret')).toBe('function');
    expect(got('short')).toBe("'short'");
    // A stream key or participant token pasted into the wrong field is not echoed.
    expect(got('sk_us-west-2_abcdEFGH1234567890')).not.toContain('abcdEFGH');
    expect(got('eyJhbGciOiJLUzM4NCJ9.eyJ4IjoxfQ.sig')).not.toContain('eyJ');
    expect(got('rt_123456789012_us-east-1_abcd_hunter2')).not.toContain('hunter2');
  });

  it('a refused query is one error entry, then completion', async () => {
    const error = invalidInput('Op', 'arn', 'must be an ARN');
    expect(await firstValueFrom(invalid$(error).pipe(toArray()))).toEqual([
      { status: 'error', data: undefined, error, updatedAt: undefined, fetching: false },
    ]);
  });
});
