// A stand-in for Microsoft's office.js, for the browser tests (tests/browser/): served instead of
// the real script (Playwright intercepts the request), over an in-memory workbook that the test
// puts in window.__fakeOfficeSetup before the page loads (a book payload built from a filled
// example workbook, the same JSON the remote-engine tests post).
//
// It implements only what the task pane, ribbon.js and xlwings' own client (custom-scripts/*.js
// of xlwings Server) call, with Office.js' rules where a slip would break real Excel: a property
// can be read only after load() and sync(), a write lands at the next sync(), a missing sheet or
// name fails at sync() (ItemNotFound), values must match the range's shape. Every other property
// or method THROWS (and is recorded in __fakeOffice.violations), so an API this file does not know
// fails the test instead of passing quietly.
(function () {
  "use strict";

  const setup = window.__fakeOfficeSetup;
  if (!setup || !setup.book) {
    throw new Error("fake office.js: window.__fakeOfficeSetup.book is missing");
  }

  // -- What the test reads back ------------------------------------------------------------------
  const state = {
    violations: [], // unknown API calls, as "Object.member"
    associated: {}, // Office.actions.associate: id -> function
    dialogs: [], // Office.context.ui.displayDialogAsync: {url, options}
    browserWindows: [], // Office.context.ui.openBrowserWindow: url
    tokenRequests: 0,
    syncs: 0,
  };

  function violation(what) {
    state.violations.push(what);
    return new Error(`fake office.js: ${what} is not implemented`);
  }

  // Any property a wrapped object does not define throws (except the few a caller may probe for
  // with `if (x.y)` and that a real host may lack: those read as undefined).
  const PROBED = new Set(["then", "toJSON", "diagnostics", "constructor", "nodeType", "$$typeof"]);
  function strict(target, label) {
    return new Proxy(target, {
      get(t, p, receiver) {
        if (typeof p === "symbol" || p in t) return Reflect.get(t, p, receiver);
        if (PROBED.has(p)) return undefined;
        throw violation(`${label}.${String(p)}`);
      },
      set(t, p, v, receiver) {
        if (typeof p === "symbol" || p in t) return Reflect.set(t, p, v, receiver);
        throw violation(`${label}.${String(p)} = …`);
      },
    });
  }

  function officeError(code, message) {
    const error = new Error(message);
    error.code = code;
    error.name = "RichApi.Error";
    return error;
  }

  // -- The workbook --------------------------------------------------------------------------------
  const book = {
    name: setup.book.book.name,
    sheets: setup.book.sheets.map((s) => ({ name: s.name, cells: new Map() })),
    names: [],
    active: setup.book.book.active_sheet_index || 0,
    selection: null,
  };
  setup.book.sheets.forEach((s, i) => {
    s.values.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v !== null && v !== "") cell(i, r, c).value = v;
      }),
    );
  });
  for (const n of setup.book.names) {
    const [first, last] = n.address.split(":");
    const a = parseCell(first);
    const b = last ? parseCell(last) : a;
    book.names.push({ name: n.name, sheet: n.sheet_index, r0: a.r, c0: a.c, rows: b.r - a.r + 1, cols: b.c - a.c + 1 });
  }
  book.selection = { sheet: book.active, r0: 0, c0: 0, rows: 1, cols: 1 };

  function cell(sheet, r, c) {
    const cells = book.sheets[sheet].cells;
    const key = `${r},${c}`;
    if (!cells.has(key)) cells.set(key, { value: "", numberFormat: "General", fill: null, font: {}, wrapText: false, hyperlink: null });
    return cells.get(key);
  }
  function peek(sheet, r, c) {
    return book.sheets[sheet].cells.get(`${r},${c}`);
  }

  function colName(c) {
    let s = "";
    for (c += 1; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
    return s;
  }
  function parseCell(ref) {
    const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref.toUpperCase());
    if (!m) throw officeError("InvalidArgument", `fake office.js: not a cell address: ${ref}`);
    let c = 0;
    for (const ch of m[1]) c = c * 26 + (ch.charCodeAt(0) - 64);
    return { r: parseInt(m[2], 10) - 1, c: c - 1 };
  }
  function sheetPrefix(name) {
    return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
  }
  function a1(r0, c0, rows, cols) {
    const first = `${colName(c0)}${r0 + 1}`;
    return rows === 1 && cols === 1 ? first : `${first}:${colName(c0 + cols - 1)}${r0 + rows}`;
  }

  // -- Requests: load() and writes queue until sync() ------------------------------------------
  class RequestContext {
    constructor() {
      this._queue = [];
      this._errors = [];
      this._syncs = 0;
      this.workbook = new Workbook(this);
    }
    async sync() {
      const queue = this._queue;
      this._queue = [];
      for (const op of queue) op();
      this._syncs += 1;
      state.syncs += 1;
      if (this._errors.length) {
        const error = this._errors.shift();
        this._errors = [];
        throw error;
      }
    }
  }

  function parseLoad(spec) {
    if (spec === undefined) return [];
    const parts = Array.isArray(spec) ? spec : String(spec).split(",");
    return parts.map((p) => p.trim()).filter(Boolean);
  }

  // An Office.js object: its scalar properties (PROPS) are readable only once loaded and synced.
  class ClientObject {
    constructor(ctx, label) {
      this._ctx = ctx;
      this._label = label;
      this._loaded = {};
      this._born = ctx._syncs;
    }
    _read(prop) {
      throw violation(`${this._label}.load('${prop}')`);
    }
    load(spec) {
      const props = parseLoad(spec);
      for (const p of props) this._accept(p);
      this._ctx._queue.push(() => {
        for (const p of props) this._fill(p);
      });
      return this._self;
    }
    _accept(p) {
      if (!this.constructor.PROPS.includes(p.split("/")[0])) throw violation(`${this._label}.load('${p}')`);
    }
    _fill(p) {
      const prop = p.split("/")[0];
      this._loaded[prop] = this._read(prop, p);
    }
    _get(prop) {
      if (!(prop in this._loaded)) {
        throw officeError("PropertyNotLoaded", `${this._label}.${prop} was read before load('${prop}') and sync()`);
      }
      return this._loaded[prop];
    }
    _write(fn) {
      this._ctx._queue.push(fn);
    }
    get isNullObject() {
      if (this._ctx._syncs === this._born) {
        throw officeError("PropertyNotLoaded", `${this._label}.isNullObject was read before sync()`);
      }
      return false;
    }
    get _self() {
      return this.__proxy || this;
    }
  }
  ClientObject.PROPS = [];

  function wrap(obj) {
    obj.__proxy = strict(obj, obj._label);
    return obj.__proxy;
  }
  function props(cls, names) {
    cls.PROPS = names;
    for (const n of names) {
      if (!Object.getOwnPropertyDescriptor(cls.prototype, n)) {
        Object.defineProperty(cls.prototype, n, {
          get() {
            return this._get(n);
          },
          configurable: true,
        });
      }
    }
  }

  // A collection: `items` (and through it the items' own properties) after load() and sync().
  class Collection extends ClientObject {
    constructor(ctx, label, make, itemProps) {
      super(ctx, label);
      this._make = make; // () => array of wrapped items, made at sync
      this._itemProps = itemProps;
    }
    _accept(p) {
      const [head, ...rest] = p.split("/");
      const prop = head === "items" ? rest[0] : head;
      if (prop !== undefined && !this._itemProps.includes(prop)) throw violation(`${this._label}.load('${p}')`);
    }
    load(spec) {
      const props = parseLoad(spec);
      for (const p of props) this._accept(p);
      this._ctx._queue.push(() => {
        const items = this._make();
        const itemProps = props.map((p) => (p.startsWith("items/") ? p.slice(6) : p)).filter((p) => p !== "items");
        for (const item of items) if (itemProps.length && item._fillAll) item._fillAll(itemProps);
        this._loaded.items = items;
      });
      return this._self;
    }
    get items() {
      return this._get("items");
    }
  }
  ClientObject.prototype._fillAll = function (list) {
    for (const p of list) {
      this._accept(p);
      this._fill(p);
    }
  };

  // An empty collection (tables, charts, shapes, pivot tables, notes): the example workbooks have none.
  function empty(ctx, label, itemProps) {
    return wrap(new Collection(ctx, label, () => [], itemProps));
  }

  class Workbook extends ClientObject {
    constructor(ctx) {
      super(ctx, "Workbook");
      this.worksheets = wrap(new WorksheetCollection(ctx));
      this.names = wrap(new NamedItemCollection(ctx, null));
      this.application = wrap(new Application(ctx));
    }
    _read(prop) {
      return book.name;
    }
    getSelectedRange() {
      const s = book.selection;
      return wrap(new Range(this._ctx, s.sheet, s.r0, s.c0, s.rows, s.cols));
    }
  }
  props(Workbook, ["name"]);

  class Application extends ClientObject {
    constructor(ctx) {
      super(ctx, "Application");
    }
    _read() {
      return "Automatic";
    }
  }
  props(Application, ["calculationMode"]);

  class WorksheetCollection extends Collection {
    constructor(ctx) {
      super(ctx, "WorksheetCollection", () => book.sheets.map((_, i) => wrap(new Worksheet(ctx, () => i))), Worksheet.PROPS);
    }
    getItem(name) {
      return wrap(new Worksheet(this._ctx, () => book.sheets.findIndex((s) => s.name === name), name, false));
    }
    getItemOrNullObject(name) {
      return wrap(new Worksheet(this._ctx, () => book.sheets.findIndex((s) => s.name === name), name, true));
    }
    getActiveWorksheet() {
      return wrap(new Worksheet(this._ctx, () => book.active));
    }
  }

  class Worksheet extends ClientObject {
    constructor(ctx, index, name = null, orNull = false) {
      super(ctx, `Worksheet(${name ?? "#"})`);
      this._index = index;
      this._orNull = orNull;
      if (!orNull && index() < 0) ctx._errors.push(officeError("ItemNotFound", `Het blad '${name}' bestaat niet.`));
      this.names = wrap(new NamedItemCollection(ctx, this));
      this.tables = empty(ctx, "TableCollection", [
        "name", "showHeaders", "dataBodyRange", "showTotals", "style", "showFilterButton",
        "highlightFirstColumn", "highlightLastColumn", "showBandedRows", "showBandedColumns",
      ]);
      this.charts = empty(ctx, "ChartCollection", ["name", "chartType", "left", "top", "width", "height"]);
      this.shapes = empty(ctx, "ShapeCollection", ["name", "width", "height", "type", "left", "top", "lockAspectRatio"]);
      this.pivotTables = empty(ctx, "PivotTableCollection", [
        "id", "name", "hierarchies", "rowHierarchies", "columnHierarchies", "filterHierarchies", "dataHierarchies", "layout",
      ]);
      this.notes = empty(ctx, "NoteCollection", []);
      this.pageLayout = wrap(new PageLayout(ctx));
    }
    get isNullObject() {
      super.isNullObject; // eslint-disable-line no-unused-expressions
      return this._index() < 0;
    }
    get _i() {
      const i = this._index();
      if (i < 0) throw officeError("ItemNotFound", `${this._label} does not exist`);
      return i;
    }
    _accept(p) {
      if (p === "names") return; // a navigation property: loading it is allowed and changes nothing
      super._accept(p);
    }
    _fill(p) {
      if (p === "names" || this._index() < 0) return;
      super._fill(p);
    }
    _read(prop) {
      const i = this._i;
      return { name: book.sheets[i].name, position: i, visibility: "Visible", showGridlines: true }[prop];
    }
    getRange(address) {
      const [first, last] = address.split(":");
      const a = parseCell(first);
      const b = last ? parseCell(last) : a;
      return wrap(new Range(this._ctx, () => this._i, a.r, a.c, b.r - a.r + 1, b.c - a.c + 1));
    }
    getRangeByIndexes(r0, c0, rows, cols) {
      return wrap(new Range(this._ctx, () => this._i, r0, c0, rows, cols));
    }
    getUsedRangeOrNullObject(valuesOnly) {
      if (valuesOnly !== true) throw violation(`${this._label}.getUsedRangeOrNullObject(${valuesOnly})`);
      const sheet = () => this._i;
      const used = () => {
        let rmax = -1;
        let cmax = -1;
        for (const [key, c] of book.sheets[sheet()].cells) {
          if (c.value === "") continue;
          const [r, col] = key.split(",").map(Number);
          rmax = Math.max(rmax, r);
          cmax = Math.max(cmax, col);
        }
        return rmax < 0 ? null : { rows: rmax + 1, cols: cmax + 1 };
      };
      const range = new Range(this._ctx, sheet, 0, 0, () => used().rows, () => used().cols);
      range._isNull = () => used() === null;
      return wrap(range);
    }
    activate() {
      this._write(() => {
        book.active = this._i;
      });
    }
  }
  props(Worksheet, ["name", "position", "visibility", "showGridlines"]);

  class PageLayout extends ClientObject {
    constructor(ctx) {
      super(ctx, "PageLayout");
    }
    getPrintAreaOrNullObject() {
      return wrap(new NoPrintArea(this._ctx));
    }
  }
  class NoPrintArea extends ClientObject {
    constructor(ctx) {
      super(ctx, "RangeAreas");
    }
    get isNullObject() {
      super.isNullObject; // eslint-disable-line no-unused-expressions
      return true;
    }
    _fill() {}
  }
  props(NoPrintArea, ["areas"]);

  class NamedItemCollection extends Collection {
    constructor(ctx, sheet) {
      // Book scope only: the example workbooks define no sheet-scoped names.
      super(ctx, sheet ? "WorksheetNamedItemCollection" : "NamedItemCollection",
        () => (sheet ? [] : book.names.map((n) => wrap(new NamedItem(ctx, n.name)))), NamedItem.PROPS);
    }
    getItem(name) {
      return wrap(new NamedItem(this._ctx, name));
    }
  }

  class NamedItem extends ClientObject {
    constructor(ctx, name) {
      super(ctx, `NamedItem(${name})`);
      this._name = name;
      this._def = book.names.find((n) => n.name.toLowerCase() === name.toLowerCase());
      if (!this._def) ctx._errors.push(officeError("ItemNotFound", `De naam '${name}' bestaat niet.`));
    }
    _read(prop) {
      const d = this._def;
      const formula = `=${sheetPrefix(book.sheets[d.sheet].name)}!${a1(d.r0, d.c0, d.rows, d.cols).replace(/([A-Z]+)(\d+)/g, "$$$1$$$2")}`;
      return { name: d.name, type: "Range", formula: formula }[prop];
    }
    getRange() {
      const d = this._def || { sheet: 0, r0: 0, c0: 0, rows: 1, cols: 1 };
      return wrap(new Range(this._ctx, () => d.sheet, d.r0, d.c0, d.rows, d.cols));
    }
    getRangeOrNullObject() {
      return this.getRange();
    }
  }
  props(NamedItem, ["name", "type", "formula"]);

  const lazy = (x) => (typeof x === "function" ? x : () => x);

  class Range extends ClientObject {
    constructor(ctx, sheet, r0, c0, rows, cols) {
      super(ctx, "Range");
      this._sheet = lazy(sheet);
      this._r0 = r0;
      this._c0 = c0;
      this._rows = lazy(rows);
      this._cols = lazy(cols);
      this._isNull = () => false;
      this.format = wrap(new RangeFormat(this));
    }
    get isNullObject() {
      super.isNullObject; // eslint-disable-line no-unused-expressions
      return this._isNull();
    }
    get worksheet() {
      return wrap(new Worksheet(this._ctx, () => this._sheet()));
    }
    _each(fn) {
      const s = this._sheet();
      for (let i = 0; i < this._rows(); i++) for (let j = 0; j < this._cols(); j++) fn(s, this._r0 + i, this._c0 + j, i, j);
    }
    _matrix(fn) {
      const out = Array.from({ length: this._rows() }, () => new Array(this._cols()));
      this._each((s, r, c, i, j) => {
        out[i][j] = fn(peek(s, r, c));
      });
      return out;
    }
    _fill(p) {
      if (this._isNull()) return;
      super._fill(p);
    }
    _read(prop) {
      switch (prop) {
        case "address":
          return `${sheetPrefix(book.sheets[this._sheet()].name)}!${a1(this._r0, this._c0, this._rows(), this._cols())}`;
        case "rowCount":
          return this._rows();
        case "columnCount":
          return this._cols();
        case "values":
          return this._matrix((c) => (c ? c.value : ""));
        case "numberFormat":
          return this._matrix((c) => (c ? c.numberFormat : "General"));
      }
    }
    _setMatrix(what, matrix, apply) {
      const rows = this._rows();
      const cols = this._cols();
      if (!Array.isArray(matrix) || matrix.length !== rows || matrix.some((row) => !Array.isArray(row) || row.length !== cols)) {
        this._ctx._errors.push(officeError("InvalidArgument", `${what}: the array does not match the range (${rows}x${cols})`));
        return;
      }
      this._write(() => this._each((s, r, c, i, j) => matrix[i][j] !== null && apply(cell(s, r, c), matrix[i][j])));
    }
    set values(matrix) {
      this._setMatrix("Range.values", matrix, (c, v) => {
        c.value = v;
      });
    }
    get values() {
      return this._get("values");
    }
    set numberFormat(matrix) {
      this._setMatrix("Range.numberFormat", matrix, (c, v) => {
        c.numberFormat = v;
      });
    }
    get numberFormat() {
      return this._get("numberFormat");
    }
    set hyperlink(link) {
      for (const k of Object.keys(link)) {
        if (!["address", "documentReference", "screenTip", "textToDisplay"].includes(k)) throw violation(`Range.hyperlink.${k}`);
      }
      this._write(() =>
        this._each((s, r, c) => {
          const target = cell(s, r, c);
          target.hyperlink = { ...link };
          if (link.textToDisplay !== undefined) target.value = link.textToDisplay;
        }),
      );
    }
    clear(applyTo) {
      const what = applyTo === undefined ? "All" : applyTo;
      if (!["All", "Formats", "Contents"].includes(what)) throw violation(`Range.clear(${applyTo})`);
      this._write(() =>
        this._each((s, r, c) => {
          const target = peek(s, r, c);
          if (!target) return;
          if (what !== "Formats") {
            target.value = "";
          }
          if (what !== "Contents") {
            Object.assign(target, { numberFormat: "General", fill: null, font: {}, wrapText: false });
          }
          if (what === "All") target.hyperlink = null;
        }),
      );
    }
    select() {
      this._write(() => {
        book.active = this._sheet();
        book.selection = { sheet: this._sheet(), r0: this._r0, c0: this._c0, rows: this._rows(), cols: this._cols() };
      });
    }
  }
  props(Range, ["address", "rowCount", "columnCount", "values", "numberFormat"]);

  class RangeFormat {
    constructor(range) {
      this._label = "RangeFormat";
      this._range = range;
      this.fill = strict(new RangeFill(range), "RangeFill");
      this.font = strict(new RangeFont(range), "RangeFont");
    }
    set wrapText(v) {
      this._range._write(() =>
        this._range._each((s, r, c) => {
          cell(s, r, c).wrapText = Boolean(v);
        }),
      );
    }
  }
  class RangeFill {
    constructor(range) {
      this._range = range;
    }
    set color(v) {
      if (!/^#[0-9A-Fa-f]{6}$/.test(v)) throw officeError("InvalidArgument", `RangeFill.color: ${v}`);
      this._range._write(() =>
        this._range._each((s, r, c) => {
          cell(s, r, c).fill = v.toUpperCase();
        }),
      );
    }
    clear() {
      this._range._write(() =>
        this._range._each((s, r, c) => {
          cell(s, r, c).fill = null;
        }),
      );
    }
  }
  class RangeFont {
    constructor(range) {
      this._range = range;
    }
    _set(prop, v) {
      this._range._write(() =>
        this._range._each((s, r, c) => {
          cell(s, r, c).font[prop] = v;
        }),
      );
    }
    set bold(v) {
      this._set("bold", v);
    }
    set italic(v) {
      this._set("italic", v);
    }
    set color(v) {
      this._set("color", String(v).toUpperCase());
    }
  }

  // -- Office and Excel --------------------------------------------------------------------------
  const SUPPORTED = { ExcelApi: 1.18, ExcelAPI: 1.18, SharedRuntime: 1.1, DialogApi: 1.2, DialogAPI: 1.2, RibbonApi: 1.1, RibbonAPI: 1.1 };
  const ready = Promise.resolve({ host: "Excel", platform: "OfficeOnline" });

  class Dialog {
    constructor(url) {
      this.url = url;
      this.closed = false;
      this._handlers = {};
    }
    addEventHandler(type, handler) {
      this._handlers[type] = handler;
    }
    close() {
      this.closed = true;
    }
  }

  function token() {
    state.tokenRequests += 1;
    const t = setup.token || { error: { code: 13001, message: "Er is geen gebruiker aangemeld." } };
    if (t.error) return Promise.reject(Object.assign(new Error(t.error.message), { code: t.error.code }));
    return Promise.resolve(t.value);
  }

  const Office = strict(
    {
      onReady(callback) {
        return ready.then((info) => {
          if (callback) callback(info);
          return info;
        });
      },
      actions: strict(
        {
          associate(id, fn) {
            if (typeof fn !== "function") throw new Error(`Office.actions.associate(${id}): not a function`);
            state.associated[id] = fn;
          },
        },
        "Office.actions",
      ),
      addin: strict(
        {
          showAsTaskpane() {
            return Promise.resolve();
          },
        },
        "Office.addin",
      ),
      auth: strict({ getAccessToken: token }, "Office.auth"),
      context: strict(
        {
          platform: "OfficeOnline",
          requirements: strict(
            {
              isSetSupported(name, version) {
                return name in SUPPORTED && parseFloat(version ?? "1.1") <= SUPPORTED[name] + 1e-9;
              },
            },
            "Office.context.requirements",
          ),
          ui: strict(
            {
              displayDialogAsync(url, options, callback) {
                const dialog = strict(new Dialog(url), "Dialog");
                state.dialogs.push({ url, options });
                if (callback) callback({ status: "succeeded", value: dialog });
              },
              openBrowserWindow(url) {
                state.browserWindows.push(url);
              },
            },
            "Office.context.ui",
          ),
        },
        "Office.context",
      ),
      AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
      EventType: { DialogMessageReceived: "dialogMessageReceived", DialogEventReceived: "dialogEventReceived" },
    },
    "Office",
  );

  const Excel = strict(
    {
      async run(batch) {
        if (typeof batch !== "function") throw violation("Excel.run(context, batch)");
        const ctx = strict(new RequestContext(), "RequestContext");
        const result = await batch(ctx);
        await ctx.sync();
        return result;
      },
      RequestContext: function () {
        throw violation("new Excel.RequestContext()");
      },
      ClearApplyTo: { all: "All", formats: "Formats", contents: "Contents" },
      ShapeType: { image: "Image" },
    },
    "Excel",
  );

  // The workbook as the test reads it back: every sheet's values from A1, and the formats set.
  function snapshot() {
    return {
      name: book.name,
      active: book.active,
      selection: { sheet: book.sheets[book.selection.sheet].name, address: a1(book.selection.r0, book.selection.c0, book.selection.rows, book.selection.cols) },
      sheets: book.sheets.map((s) => {
        const cells = {};
        for (const [key, c] of s.cells) {
          const [r, col] = key.split(",").map(Number);
          const out = {};
          if (c.value !== "") out.value = c.value;
          if (c.fill) out.fill = c.fill;
          if (c.font.bold) out.bold = true;
          if (c.font.color) out.fontColor = c.font.color;
          if (c.wrapText) out.wrap = true;
          if (c.numberFormat !== "General") out.numberFormat = c.numberFormat;
          if (c.hyperlink) out.hyperlink = c.hyperlink.address;
          if (Object.keys(out).length) cells[a1(r, col, 1, 1)] = out;
        }
        return { name: s.name, cells };
      }),
    };
  }

  window.Office = Office;
  window.Excel = Excel;
  window.__fakeOffice = { state, snapshot };
})();
