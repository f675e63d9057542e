// Takes what the content script posts and drops it; answers the first message so the sender knows the port is up.
chrome.runtime.onConnect.addListener((port) => {
  port.onMessage.addListener((message) => {
    if (message === 'ping') port.postMessage('pong');
  });
});
