import { contextBridge, ipcRenderer } from 'electron'
import { buildBridge } from './bridge'
import { buildEventBridge } from './events'

// The renderer sees `window.roster` with the contract's methods and nothing of ipcRenderer itself.
contextBridge.exposeInMainWorld(
  'roster',
  buildBridge((channel, input) => ipcRenderer.invoke(channel, input)),
)
// …and `window.rosterEvents`, the one subscription to what the main process pushes.
contextBridge.exposeInMainWorld('rosterEvents', buildEventBridge(ipcRenderer))
