// The task pane: the buttons, the findings list with a link to each cell, and the report's
// download links. Everything the server sends is put on the page as text (textContent), never
// as HTML: the findings quote what a board typed.

const routes = JSON.parse(document.getElementById("passend-onderwijs-routes").textContent);
const status = document.getElementById("meldingen-status");
const lijst = document.getElementById("meldingen-lijst");
let getoond = false; // refresh after a button only once the user has looked at the list

// The server's own (Dutch) answer to a refused request: shown as it is. Any other error is a
// fault (no connection, an Office.js failure, a bug here): logged, and the user gets a Dutch line
// instead of a browser's English message.
class Serverfout extends Error {}
const ONVERWACHT =
  "Controleren lukte niet: de server is niet bereikbaar of het werkboek kon niet worden gelezen. " +
  "Probeer het opnieuw; blijft dit gebeuren, neem dan contact op met het samenwerkingsverband.";

async function auth() {
  return typeof globalThis.getAuth === "function"
    ? await globalThis.getAuth()
    : { token: "", provider: "" };
}

async function vernieuw() {
  status.textContent = "Bezig met controleren…";
  try {
    const { token, provider } = await auth();
    const headers = { "Auth-Provider": provider };
    const book = await xlwings.getBookData({ auth: token, headers: headers });
    const response = await fetch(window.location.origin + routes.meldingen, {
      method: "POST",
      headers: headers,
      body: JSON.stringify(book),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Serverfout(
        typeof data.detail === "string" ? data.detail : `De server antwoordde met foutcode ${response.status}.`,
      );
    }
    toon(data);
    getoond = true;
  } catch (error) {
    if (!(error instanceof Serverfout)) {
      console.error(error);
    }
    status.textContent = error instanceof Serverfout ? error.message : ONVERWACHT;
  }
}

function toon(data) {
  status.textContent = data.samenvatting;
  lijst.replaceChildren();
  for (const groep of data.groepen) {
    const kop = document.createElement("h3");
    kop.className = "h6 mt-3";
    kop.textContent = `${groep.titel} (${groep.meldingen.length})`;
    lijst.append(kop);
    if (groep.meldingen.length === 0) {
      const leeg = document.createElement("p");
      leeg.className = "small text-body-secondary";
      leeg.textContent = "Geen meldingen.";
      lijst.append(leeg);
      continue;
    }
    const ul = document.createElement("ul");
    ul.className = "list-unstyled meldingen";
    for (const melding of groep.meldingen) {
      ul.append(regel(melding));
    }
    lijst.append(ul);
  }
}

function regel(melding) {
  const li = document.createElement("li");
  li.className = `melding melding-${melding.ernst}`;
  const kop = document.createElement("div");
  const ernst = document.createElement("strong");
  ernst.textContent = `${melding.ernst_label} ${melding.code}`;
  kop.append(ernst);
  if (melding.plaats) {
    const link = document.createElement("a");
    link.href = "#";
    link.className = "ms-2";
    link.textContent = melding.plaats;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      gaNaar(melding);
    });
    kop.append(link);
  }
  const tekst = document.createElement("div");
  tekst.className = "small";
  tekst.textContent = melding.tekst;
  li.append(kop, tekst);
  return li;
}

async function gaNaar(melding) {
  try {
    await Excel.run(async (context) => {
      const range = melding.cel
        ? context.workbook.worksheets.getItem(melding.blad).getRange(melding.cel)
        : context.workbook.names.getItem(melding.veld).getRange();
      range.worksheet.activate();
      range.select();
      await context.sync();
    });
  } catch (error) {
    if (error.code !== "ItemNotFound") {
      console.error(error);
    }
    status.textContent = `Kon ${melding.plaats} niet selecteren: bestaat het blad nog?`;
  }
}

// Called from Python (the report script: book.app.macro("passendOnderwijsDownloads")).
async function passendOnderwijsDownloads(context, data) {
  const sectie = document.getElementById("downloads");
  const ul = document.getElementById("downloads-lijst");
  ul.replaceChildren();
  for (const bestand of data.bestanden) {
    const li = document.createElement("li");
    const link = document.createElement("a");
    const url = window.location.origin + bestand.url;
    link.href = url;
    link.textContent = bestand.naam;
    link.addEventListener("click", (event) => {
      // Excel on the desktop: open in the user's browser, which saves the file.
      if (Office.context.ui && Office.context.ui.openBrowserWindow) {
        event.preventDefault();
        Office.context.ui.openBrowserWindow(url);
      }
    });
    const tot = document.createElement("span");
    tot.className = "small text-body-secondary ms-2";
    tot.textContent = `tot ${bestand.verloopt_om}`;
    li.append(link, tot);
    ul.append(li);
  }
  sectie.hidden = false;
  if (Office.addin && Office.addin.showAsTaskpane) {
    await Office.addin.showAsTaskpane();
  }
}
xlwings.registerCallback(passendOnderwijsDownloads);

globalThis.passendOnderwijs = {
  async naKnop(scriptName) {
    if (getoond) {
      await vernieuw();
    }
  },
};

document.getElementById("meldingen-vernieuwen").addEventListener("click", vernieuw);
for (const knop of document.querySelectorAll("button[data-script]")) {
  knop.addEventListener("click", async () => {
    knop.disabled = true;
    try {
      document.getElementById("global-error-alert").classList.add("d-none");
      await globalThis.passendOnderwijsVoerUit(knop.dataset.script, "taskpane");
      if (!getoond) {
        await vernieuw();
      }
    } finally {
      knop.disabled = false;
    }
  });
}
