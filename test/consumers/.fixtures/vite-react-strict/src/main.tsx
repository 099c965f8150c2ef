// The smoke-test page: the React bindings under <StrictMode>, against the simulator whose
// endpoint, region and credentials smoke.mjs passes in the query string. <StrictMode>
// re-mounts (subscribe, unsubscribe, subscribe in one task) only in a development build:
// smoke.mjs loads both builds.
import { IvsClient } from '@aws-sdk/client-ivs'
import { type CacheEdit, createIvsStore, IvsStoreError } from 'ivs-store'
import {
  IvsStoreProvider,
  skipToken,
  type SuspenseEntry,
  useChannel,
  useChannels,
  useInfiniteChannels,
  useSuspenseChannel,
} from 'ivs-store/react'
import { Component, type ReactNode, StrictMode, Suspense, useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'

const query = new URLSearchParams(location.search)
function param(name: string): string {
  const value = query.get(name)
  if (!value) throw new Error(`the page needs ?${name}=`)
  return value
}

const ivs = new IvsClient({
  endpoint: param('endpoint'),
  region: param('region'),
  credentials: { accessKeyId: param('accessKeyId'), secretAccessKey: param('secretAccessKey') },
  maxAttempts: 1,
})
// The default refetchInterval (5000): the first read must not wait for a poll.
const store = createIvsStore({ ivs })

// staleTime: a remount within 30 s shows the cache without a read; invalidate() reads at once.
function ChannelList() {
  const { status, data } = useChannels(undefined, { staleTime: 30_000 })
  return (
    <>
      <ul id="channels" data-status={status}>
        {data?.map((c) => <li key={c.arn}>{c.name}</li>)}
      </ul>
      <button id="invalidate" type="button" onClick={() => void store.channels.invalidate()}>
        invalidate
      </button>
    </>
  )
}

function Channel({ arn }: { arn: string }) {
  const channel = useChannel(arn)
  return (
    <p id="channel" data-status={channel.status}>
      {channel.status === 'success' ? channel.data.name : channel.status}
    </p>
  )
}

// Suspense: the data is narrowed (no status check); errors go to the boundary below.
function SuspenseName({ arn }: { arn: string }) {
  const channel: SuspenseEntry<string | undefined> = useSuspenseChannel(arn, { select: (c) => c.name })
  return <p id="suspense">{channel.data}</p>
}

class Boundary extends Component<{ children?: ReactNode }, { error: unknown }> {
  override state = { error: undefined as unknown }
  static getDerivedStateFromError(error: unknown) {
    return { error }
  }
  override render() {
    const e = this.state.error
    if (e === undefined) return this.props.children
    return <p id="suspense">boundary:{e instanceof IvsStoreError ? e.kind : 'other'}</p>
  }
}

// skipToken: an id not known yet reads nothing and stays `loading`, with fetching false.
function NotYet({ arn }: { arn: string | undefined }) {
  const channel = useChannel(arn ?? skipToken, { select: (c) => c.name?.length ?? 0 })
  const length: number | undefined = channel.data
  return <p id="skipped">{`${channel.status}:${channel.fetching}:${length ?? '-'}`}</p>
}

// Page by page (ivs-store's paged lists): two channels a page, one more page per click.
function ChannelPages() {
  const { status, data, hasNextPage, fetchingNextPage, fetchNextPage } = useInfiniteChannels(undefined, { pageSize: 2 })
  return (
    <section id="pages" data-status={status} data-pages={data?.pages.map((p) => p.length).join(',') ?? ''}>
      {data?.items.map((c) => <span key={c.arn}>{c.name}</span>)}
      {hasNextPage && (
        <button id="more" type="button" disabled={fetchingNextPage} onClick={() => void fetchNextPage()}>
          more
        </button>
      )}
    </section>
  )
}

// A cache recipe from the package: immer's Draft<StoreChannel> types the draft (strict), and
// immer itself loads with the first click (a chunk of its own). The list shows it too.
function RenameHere({ arn }: { arn: string }) {
  const [edit, setEdit] = useState<CacheEdit | undefined>(undefined)
  const rename = async () => {
    const done = await store.channels.setData(arn, (draft) => {
      draft.name = `${draft.name ?? ''} (renaming)`
    })
    if (done.applied) setEdit(done)
  }
  const undo = () => {
    edit?.undo()
    setEdit(undefined)
  }
  return (
    <p>
      <button id="set-data" type="button" disabled={edit !== undefined} onClick={() => void rename()}>
        rename here
      </button>
      <button id="undo" type="button" disabled={edit === undefined} onClick={undo}>
        undo
      </button>
    </p>
  )
}

declare global {
  interface Window {
    mounts?: number
  }
}

// ivs-store/devtools, loaded on the click: a chunk of its own, not in the app's bundle.
function openDevtools() {
  void import('ivs-store/devtools').then(({ mountDevtools }) => {
    mountDevtools(store, { maxCalls: 20 })
  })
}

function App() {
  // Counts mount effects: 2 in a development build, where <StrictMode> re-mounts everything once.
  useEffect(() => {
    window.mounts = (window.mounts ?? 0) + 1
  }, [])
  return (
    <main>
      <Channel arn={param('arn')} />
      <ChannelList />
      <Boundary>
        <Suspense fallback={<p id="suspense">fallback</p>}>
          <SuspenseName arn={param('arn')} />
        </Suspense>
      </Boundary>
      <NotYet arn={undefined} />
      <ChannelPages />
      <button id="devtools" type="button" onClick={openDevtools}>
        devtools
      </button>
      <RenameHere arn={param('arn')} />
    </main>
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <IvsStoreProvider store={store}>
      <App />
    </IvsStoreProvider>
  </StrictMode>,
)
