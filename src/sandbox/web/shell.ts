/** The page's HTML; app.js fills it from /sandbox/api/screen and keeps it live. */
export function shellHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Baton sandbox</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/sandbox/app.css">
<script type="module" src="/sandbox/app.js"></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to the conversation</a>
<header class="topbar">
  <h1 class="brand">Baton <span class="brand-sub">sandbox</span></h1>
  <div class="persona">
    <label for="persona">You are</label>
    <select id="persona"></select>
  </div>
  <div class="clock" role="group" aria-label="Simulated time">
    <p class="clock-now"><time id="clock-now"></time> <span id="clock-zone" class="clock-zone"></span> <span id="clock-ahead" class="clock-ahead"></span></p>
    <div class="clock-jumps">
      <button type="button" class="bk-button" data-jump="morning" id="jump-morning">Next morning</button>
      <button type="button" class="bk-button" data-jump="working_day">+1 working day</button>
      <button type="button" class="bk-button" data-jump="friday">To Friday</button>
    </div>
  </div>
  <div class="tools">
    <button type="button" class="bk-button" id="reset">Reset</button>
    <button type="button" class="bk-button" id="dev-toggle" aria-expanded="false" aria-controls="dev">Developer</button>
  </div>
</header>
<div class="layout">
  <nav class="sidebar" aria-label="Conversations"><ul id="nav" class="nav"></ul></nav>
  <main id="main" class="pane" tabindex="-1">
    <h2 id="place-title" class="place-title">Baton</h2>
    <p id="banner" class="banner" hidden></p>
    <div id="messages" class="scroll"></div>
    <form id="composer" class="composer">
      <div class="composer-row">
        <label for="composer-input" id="composer-label" class="visually-hidden">Message</label>
        <input id="composer-input" name="text" autocomplete="off" aria-describedby="composer-hint">
        <button type="submit" class="bk-button bk-primary">Send</button>
      </div>
      <p class="hint" id="composer-hint"><code>/delegate &lt;task&gt; [@owner] [by &lt;when&gt;] [#channel]</code> captures a task; <code>/delegate</code> opens the form; also <code>list</code>, <code>done #12</code>, <code>settings</code>, <code>help</code>.</p>
      <div class="examples" role="group" aria-label="Examples">
        <button type="button" class="example" data-example="/delegate Write the launch memo @ben by Friday #launch">Delegate to Ben</button>
        <button type="button" class="example" data-example="/delegate Book the team dinner #team">Hold a task</button>
        <button type="button" class="example" data-example="/delegate">Open the form</button>
        <button type="button" class="example" data-example="/delegate list">List</button>
      </div>
    </form>
  </main>
  <aside id="dev" class="dev" aria-labelledby="dev-title" hidden>
    <h2 id="dev-title">Developer</h2>
    <section aria-labelledby="faults-title">
      <h3 id="faults-title">Faults</h3>
      <p class="hint">Make the emulator fail Baton's next calls, as Slack sometimes does.</p>
      <form id="fault-form" class="fault-form">
        <label for="fault-method">Method</label>
        <select id="fault-method" name="method"></select>
        <label for="fault-kind">Failure</label>
        <select id="fault-kind" name="kind"></select>
        <label for="fault-seconds">Retry-After or delay, in seconds</label>
        <input id="fault-seconds" name="seconds" type="number" min="0" max="120" step="0.5" value="5">
        <label for="fault-times">For</label>
        <select id="fault-times" name="times">
          <option value="1">the next call</option>
          <option value="3">the next 3 calls</option>
          <option value="0">every call until removed</option>
        </select>
        <button type="submit" class="bk-button bk-primary">Add fault</button>
      </form>
      <div id="faults"></div>
    </section>
    <section aria-labelledby="calls-title">
      <h3 id="calls-title">Slack API calls</h3>
      <div id="calls"></div>
    </section>
  </aside>
</div>
<p id="status" class="status" role="status" aria-live="polite"></p>
<dialog id="modal" class="modal" aria-labelledby="modal-title"></dialog>
<dialog id="confirm" class="modal confirm" aria-labelledby="confirm-title">
  <form method="dialog" class="modal-form">
    <div id="confirm-body"></div>
    <div class="modal-actions">
      <button value="deny" class="bk-button" id="confirm-deny">Cancel</button>
      <button value="confirm" class="bk-button bk-primary" id="confirm-ok">Yes</button>
    </div>
  </form>
</dialog>
<noscript><p class="banner">The sandbox page needs JavaScript.</p></noscript>
</body>
</html>
`;
}
