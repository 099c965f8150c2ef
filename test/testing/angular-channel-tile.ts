/**
 * Standalone components as an app writes them, for the TestBed tests (zoneless and zone.js),
 * compiled just in time: the test file imports `@angular/compiler` first.
 *
 * The decorators are called as functions because vitest's transform does not lower decorator
 * syntax; `@Component({...}) class X {}` does exactly this. The `Input({ isSignal: true })`
 * call is what Angular's compiler adds for `input()` fields (its JIT transform does the same):
 * a bare JIT compile cannot see them and would write the value over the signal.
 */
import { Component, Input, input, signal } from '@angular/core';
import { injectChannel, injectStreamHealth, skipToken } from '../../src/angular/index.js';

/** A channel's name and its stream's state; follows its `arn` input (none while it is empty). */
export class ChannelTile {
  readonly arn = input.required<string>();
  readonly channel = injectChannel(() => this.arn() || skipToken);
  readonly health = injectStreamHealth(() => this.arn() || skipToken);
}
Input({ isSignal: true, alias: 'arn', required: true, transform: undefined } as Input)(ChannelTile.prototype, 'arn');
Component({
  selector: 'channel-tile',
  template: `{{ channel().status === 'success' ? channel().data?.name : channel().status }} · {{ health()?.state ?? '…' }}`,
})(ChannelTile);

/** A page holding the ARN in a signal and passing it to a tile through a template binding. */
export class ChannelPage {
  readonly arn = signal('');
}
Component({
  selector: 'channel-page',
  imports: [ChannelTile],
  template: `<channel-tile [arn]="arn()" />`,
})(ChannelPage);

/** The tile's text, trimmed. */
export const textOf = (el: Element): string => (el.textContent ?? '').trim();
