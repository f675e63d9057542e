// A tiny design tool: drag to draw boxes; undo and redo by buttons or keys. The DOM barely changes.
const canvas = document.getElementById('sketch');
const ctx = canvas.getContext('2d');
const done = [];
const undone = [];
function paint() {
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#1f6feb';
  for (const b of done) ctx.fillRect(b.x, b.y, b.w, b.h);
}
function undo() {
  if (done.length) undone.push(done.pop());
  paint();
}
function redo() {
  if (undone.length) done.push(undone.pop());
  paint();
}
let start = null;
canvas.addEventListener('pointerdown', (e) => (start = { x: e.offsetX, y: e.offsetY }));
canvas.addEventListener('pointerup', (e) => {
  if (!start) return;
  done.push({ x: Math.min(start.x, e.offsetX), y: Math.min(start.y, e.offsetY), w: Math.abs(e.offsetX - start.x) || 4, h: Math.abs(e.offsetY - start.y) || 4 });
  undone.length = 0;
  start = null;
  paint();
});
document.getElementById('undo').addEventListener('click', undo);
document.getElementById('redo').addEventListener('click', redo);
window.addEventListener('keydown', (e) => {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && e.key.toLowerCase() === 'z') (e.shiftKey ? redo : undo)();
  else if (mod && e.key.toLowerCase() === 'y') redo();
});
paint();
