// The ribbon's buttons (replaces xlwings Server's ribbon.js).
// manifest.xml gives every button an ExecuteFunction with <FunctionName> = the name of its
// @script; the task pane page lists the same buttons as JSON (#passend-onderwijs-knoppen), so
// each one is associated here with a call of that script. Both lists come from
// xltoolkit.addin.buttons, so they cannot drift apart.
(function () {
  const element = document.getElementById("passend-onderwijs-knoppen");
  const knoppen = element ? JSON.parse(element.textContent) : [];

  // errorDisplayMode: "alert" (a dialog: the ribbon's buttons, also with the pane closed) or
  // "taskpane" (the pane's own buttons: the message stays in the pane, above its buttons).
  async function voerUit(scriptName, errorDisplayMode = "alert") {
    const auth =
      typeof globalThis.getAuth === "function"
        ? await globalThis.getAuth()
        : { token: "", provider: "" };
    await xlwings.runPython({
      auth: auth.token,
      scriptName: scriptName,
      errorDisplayMode: errorDisplayMode,
      headers: { "Auth-Provider": auth.provider },
    });
    // The task pane (same runtime) refreshes its findings after a button.
    if (globalThis.passendOnderwijs) {
      await globalThis.passendOnderwijs.naKnop(scriptName);
    }
  }
  globalThis.passendOnderwijsVoerUit = voerUit;

  for (const knop of knoppen) {
    Office.actions.associate(knop.script, async function (event) {
      try {
        await voerUit(knop.script);
      } finally {
        event.completed();
      }
    });
  }
})();
