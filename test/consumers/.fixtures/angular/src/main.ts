// A standalone component on ivs-store/angular: the inject* helpers in an injection
// context, an Entry narrowed in the template, the provider at bootstrap.
import { Component, input, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { IvsClient } from '@aws-sdk/client-ivs';
import { createIvsStore, type Entry, type StoreChannel } from 'ivs-store';
import {
  entrySignal,
  injectChannel,
  injectChannels,
  injectInfiniteChannels,
  injectInfiniteList,
  injectIvsStore,
  injectLiveStreams,
  injectMutation,
  injectParticipantChanges,
  injectParticipants,
  injectStage,
  injectStreamHealth,
  provideIvsStore,
  skipToken,
} from 'ivs-store/angular';

const LOBBY_ARN = 'arn:aws:ivs:us-east-1:123456789012:channel/abcdEFGH1234';

@Component({
  selector: 'lobby-tile',
  template: `
    @let c = channel();
    @if (c.status === 'success') {
      <h2>{{ c.data.name }}</h2>
    } @else if (c.status === 'error') {
      <p role="alert">{{ c.error.kind }}: {{ c.error.message }}</p>
    } @else {
      <p>{{ c.status }}</p>
    }
    <span>{{ health()?.state ?? 'OFFLINE' }} · {{ health()?.viewerCount ?? 0 }} viewers</span>
  `,
})
export class LobbyTile {
  readonly channel = injectChannel(LOBBY_ARN);
  readonly health = injectStreamHealth(LOBBY_ARN);
}

@Component({
  selector: 'channel-list',
  template: `
    @if (channels(); as list) {
      <ul>
        @for (c of list.data ?? []; track c.arn) {
          <li>{{ c.name }}</li>
        }
      </ul>
    }
    <p>{{ label() }}</p>
  `,
})
export class ChannelList {
  readonly filter = input<string>('');
  readonly channels = injectChannels(undefined, { staleTime: 30_000 });
  // Any store Observable as a signal, through the store from the injector.
  readonly lobby = entrySignal(injectIvsStore().channels.get$(LOBBY_ARN));
  label(): string {
    const e: Entry<StoreChannel> = this.lobby();
    return e.status === 'success' ? (e.data.name ?? '') : e.status;
  }
}

// Signals for changing ARNs: a required input followed by injectChannel, skipToken for a
// stage not chosen yet, options as a function of signals, select inline, participant changes.
@Component({
  selector: 'channel-card',
  template: `
    @let n = name();
    @if (n.status === 'success') {
      <h3>{{ n.data }}</h3>
    }
    <p>{{ stage().data?.name ?? 'no stage' }} · {{ people().data?.join(', ') }} · {{ last()?.type ?? '-' }}</p>
    <p>{{ healthy().data ?? 0 }} healthy · {{ rename.status() }}</p>
  `,
})
export class ChannelCard {
  readonly arn = input.required<string>();
  readonly stageArn = input<string | undefined>(undefined);
  readonly open = signal(true);
  readonly log: string[] = [];
  readonly name = injectChannel(() => this.arn(), { select: (c): string => c.name ?? '' });
  readonly stage = injectStage(() => this.stageArn() ?? skipToken, () => ({ enabled: this.open() }));
  readonly people = injectParticipants(() => this.stageArn() ?? skipToken, {
    select: (list) => list.map((p) => p.userId ?? '?'),
  });
  readonly last = injectParticipantChanges(
    () => this.stageArn() ?? skipToken,
    (c) => this.log.push(c.type),
    { initial: true },
  );
  readonly healthy = injectLiveStreams('HEALTHY', { select: (list) => list.length });
  readonly filtered = injectChannels(() => ({ filterByName: this.arn() }));
  readonly rename = injectMutation((s) => s.channels.update);
}

// Paged lists: a filter from a signal, narrowing in the template, fetchNextPage on click.
@Component({
  selector: 'channel-pages',
  template: `
    @let p = pages();
    @if (p.status === 'success') {
      @for (page of p.data.pages; track $index) {
        <p>page {{ $index + 1 }}: {{ page.length }} channels</p>
      }
    } @else if (p.status === 'error') {
      <p role="alert">{{ p.error.kind }}</p>
    }
    @if (p.hasNextPage) {
      <button [disabled]="p.fetchingNextPage" (click)="p.fetchNextPage()">more</button>
    }
    <p>{{ configurations().data?.items?.length ?? 0 }} recording configurations loaded</p>
  `,
})
export class ChannelPages {
  readonly name = signal<string>('');
  readonly pages = injectInfiniteChannels(() => (this.name() ? { filterByName: this.name() } : undefined), { pageSize: 25 });
  readonly configurations = injectInfiniteList((s) => s.recordingConfigurations.pages$({ pageSize: 10 }));
}

@Component({
  selector: 'app-root',
  imports: [LobbyTile, ChannelList, ChannelCard, ChannelPages],
  template: `<lobby-tile /><channel-list filter="studio" /><channel-card [arn]="lobby" /><channel-pages />`,
})
export class App {
  readonly lobby = LOBBY_ARN;
}

const ivs = new IvsClient({ region: 'us-east-1', maxAttempts: 1 });
bootstrapApplication(App, { providers: [provideIvsStore(() => createIvsStore({ ivs }))] }).catch((e: unknown) => console.error(e));
