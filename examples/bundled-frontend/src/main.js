import { connect } from 'weft';

const url = new URLSearchParams(location.search).get('url') ?? 'ws://127.0.0.1:8080/';
const state = document.querySelector('#state');
const list = document.querySelector('#messages');
const show = (text) => list.prepend(Object.assign(document.createElement('li'), { textContent: text }));

const socket = connect(url); // reconnection and heartbeat are on by default
socket.on('state', (value) => (state.textContent = value));
socket.on('reconnecting', ({ delayMs }) => show(`reconnecting in ${(delayMs / 1000).toFixed(1)} s`));
socket.on('message', (data) => show(`← ${typeof data === 'string' ? data : `${data.byteLength} bytes`}`));

document.querySelector('form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = event.target.elements.text;
  socket.send(input.value); // queued while reconnecting, sent in order once open
  show(`→ ${input.value}`);
  input.value = '';
});
