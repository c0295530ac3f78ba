/* Chinese identifiers, checked as they are typed: mirrors casedesk/cases/identifiers.py.
   The server checks again; this only saves the volunteer a round trip. */
(function (global) {
  "use strict";
  var ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var ID_CHECK_CHARS = "10X98765432";
  var USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  var USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  var ID_PATTERN = /^[0-9]{17}[0-9X]$/;
  var USCC_PATTERN = /^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/;
  var MOBILE_PATTERN = /^1[3-9][0-9]{9}$/;
  var LANDLINE_PATTERN = /^0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?$/;

  /* Full-width to half-width, no spaces or zero-width characters, upper case. */
  function normalize(value) {
    if (!value) return "";
    var out = "";
    for (var i = 0; i < value.length; i++) {
      var code = value.charCodeAt(i);
      if (code >= 0xFF01 && code <= 0xFF5E) code -= 0xFEE0;
      if ([0x200B, 0x200C, 0x200D, 0xFEFF, 0x2060].indexOf(code) >= 0) continue;
      out += String.fromCharCode(code);
    }
    return out.replace(/\s+/g, "").toUpperCase();
  }

  function birthDateOk(value) {
    var y = +value.slice(6, 10), m = +value.slice(10, 12), d = +value.slice(12, 14);
    var date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
    return y >= 1900 && date.getTime() <= Date.now();
  }

  /* null when valid, else the key of the message that says why not. */
  function residentIdError(value) {
    if (!ID_PATTERN.test(value)) return "id_format";
    if (!birthDateOk(value)) return "id_birth";
    var sum = 0;
    for (var i = 0; i < 17; i++) sum += (+value[i]) * ID_WEIGHTS[i];
    return ID_CHECK_CHARS[sum % 11] === value[17] ? null : "id_check";
  }

  function usccError(value) {
    if (!USCC_PATTERN.test(value)) return "uscc_format";
    var sum = 0;
    for (var i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(value[i]) * USCC_WEIGHTS[i];
    return USCC_ALPHABET[(31 - sum % 31) % 31] === value[17] ? null : "uscc_check";
  }

  function phoneError(value) {
    return MOBILE_PATTERN.test(value) || LANDLINE_PATTERN.test(value) ? null : "phone";
  }

  global.casedeskIdentifiers = {
    normalize: normalize, residentIdError: residentIdError, usccError: usccError, phoneError: phoneError
  };
})(window);
