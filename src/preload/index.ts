import { contextBridge, ipcRenderer } from 'electron'
import { buildBridge } from './bridge'

// The renderer sees `window.roster` with the contract's methods and nothing of ipcRenderer itself.
contextBridge.exposeInMainWorld(
  'roster',
  buildBridge((channel, input) => ipcRenderer.invoke(channel, input)),
)
