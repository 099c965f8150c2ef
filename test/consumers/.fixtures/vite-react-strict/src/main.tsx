// The smoke-test page: the React bindings under <StrictMode>, against the simulator whose
// endpoint, region and credentials smoke.mjs passes in the query string. <StrictMode>
// re-mounts (subscribe, unsubscribe, subscribe in one task) only in a development build:
// smoke.mjs loads both builds.
import { IvsClient } from '@aws-sdk/client-ivs'
import { type CacheEdit, createIvsStore } from 'ivs-store'
import { IvsStoreProvider, useChannel, useChannels } from 'ivs-store/react'
import { StrictMode, useEffect, useState } from 'react'
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

function ChannelList() {
  const { status, data } = useChannels()
  return (
    <ul id="channels" data-status={status}>
      {data?.map((c) => <li key={c.arn}>{c.name}</li>)}
    </ul>
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

function App() {
  // Counts mount effects: 2 in a development build, where <StrictMode> re-mounts everything once.
  useEffect(() => {
    window.mounts = (window.mounts ?? 0) + 1
  }, [])
  return (
    <main>
      <Channel arn={param('arn')} />
      <ChannelList />
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
