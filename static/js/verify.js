// The verification page: the clerk drops (or chooses) the PDF they hold; its SHA-256 is computed
// here, in the browser, and compared with the one recorded when the document was issued. The file
// is never sent anywhere: there is no form and no request.
(function () {
  "use strict";
  var box = document.getElementById("verify-drop");
  if (!box) { return; }
  var input = document.getElementById("verify-file");
  var result = document.getElementById("verify-result");
  var expected = (box.getAttribute("data-sha256") || "").toLowerCase();

  function hex(buffer) {
    var bytes = new Uint8Array(buffer), out = "";
    for (var i = 0; i < bytes.length; i++) { out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16); }
    return out;
  }

  // SHA-256 (FIPS 180-4) for browsers without crypto.subtle (a page served over plain HTTP).
  var K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];

  function sha256(buffer) {
    var data = new Uint8Array(buffer), length = data.length;
    var padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
    padded.set(data);
    padded[length] = 0x80;
    var view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
    view.setUint32(padded.length - 4, (length << 3) >>> 0);
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var w = new Array(64);
    for (var block = 0; block < padded.length; block += 64) {
      for (var t = 0; t < 16; t++) { w[t] = view.getUint32(block + 4 * t); }
      for (t = 16; t < 64; t++) {
        var a = w[t - 15], b = w[t - 2];
        var s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
        var s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
      }
      var v = h.slice();
      for (t = 0; t < 64; t++) {
        var e = v[4], f = v[0];
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var t1 = (v[7] + S1 + ((e & v[5]) ^ (~e & v[6])) + K[t] + w[t]) | 0;
        var S0 = ((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10));
        var t2 = (S0 + ((f & v[1]) ^ (f & v[2]) ^ (v[1] & v[2]))) | 0;
        v = [(t1 + t2) | 0, v[0], v[1], v[2], (v[3] + t1) | 0, v[4], v[5], v[6]];
      }
      for (t = 0; t < 8; t++) { h[t] = (h[t] + v[t]) | 0; }
    }
    var out = new ArrayBuffer(32), outView = new DataView(out);
    for (t = 0; t < 8; t++) { outView.setUint32(4 * t, h[t] >>> 0); }
    return out;
  }

  function digest(buffer) {
    if (window.crypto && window.crypto.subtle && window.crypto.subtle.digest) {
      return window.crypto.subtle.digest("SHA-256", buffer).then(hex);
    }
    return Promise.resolve(hex(sha256(buffer)));
  }

  function read(file) {
    if (file.arrayBuffer) { return file.arrayBuffer(); }
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsArrayBuffer(file);
    });
  }

  function show(state, text, hash) {
    result.className = "verify-result " + state;
    result.setAttribute("data-state", state);
    result.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = text;
    result.appendChild(strong);
    if (hash) {
      var code = document.createElement("code");
      code.className = "hash wrap";
      code.textContent = hash;
      result.appendChild(document.createElement("br"));
      result.appendChild(document.createTextNode(box.getAttribute("data-computed") + " "));
      result.appendChild(code);
    }
  }

  function check(file) {
    if (!file) { return; }
    show("working", box.getAttribute("data-working"));
    read(file).then(digest).then(function (hash) {
      if (hash === expected) {
        show("match", box.getAttribute("data-match"), hash);
      } else {
        show("mismatch", box.getAttribute("data-mismatch"), hash);
      }
    }, function () {
      show("mismatch", box.getAttribute("data-unreadable"));
    });
  }

  input.addEventListener("change", function () { check(input.files && input.files[0]); });
  // A file dropped anywhere on the page is checked (and never opened by the browser instead).
  ["dragenter", "dragover"].forEach(function (name) {
    document.addEventListener(name, function (event) { event.preventDefault(); box.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    document.addEventListener(name, function () { box.classList.remove("over"); });
  });
  document.addEventListener("drop", function (event) {
    event.preventDefault();
    check(event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0]);
  });
}());
