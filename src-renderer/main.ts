/**
 * Renderer entry: choose how to reach the host (Electron bridge or the web
 * host's WebSocket) and mount the app.
 */
import { mount } from 'svelte';
import 'uplot/dist/uPlot.min.css';
import './styles/app.css';
import App from './App.svelte';
import { chooseApi } from './lib/api/choose-api.ts';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element.');
mount(App, { target, props: { host: chooseApi() } });
