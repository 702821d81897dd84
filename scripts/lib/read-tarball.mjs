import { readFile } from "node:fs/promises"
import { gunzipSync } from "node:zlib"

/**
 * Lists the entries of a .tgz (as written by `npm pack`) with Node built-ins only:
 * [{ path, type: "file" | "directory" | "other", size, content: Buffer | null }].
 * Understands ustar names with a prefix, pax `path` records and GNU long names.
 */
export async function readTarball(file) {
  const archive = gunzipSync(await readFile(file))
  const entries = []
  let offset = 0
  let longName = null
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512)
    if (header.every((byte) => byte === 0)) {
      break
    }
    const size = parseOctal(header.subarray(124, 136))
    const typeFlag = String.fromCharCode(header[156] || 48)
    const bodyStart = offset + 512
    const body = archive.subarray(bodyStart, bodyStart + size)
    offset = bodyStart + Math.ceil(size / 512) * 512

    if (typeFlag === "x" || typeFlag === "g") {
      const path = parsePax(body).path
      if (typeFlag === "x" && path) {
        longName = path
      }
      continue
    }
    if (typeFlag === "L") {
      longName = cString(body)
      continue
    }

    const name = cString(header.subarray(0, 100))
    const magic = cString(header.subarray(257, 263))
    const prefix = magic.startsWith("ustar") ? cString(header.subarray(345, 500)) : ""
    const path = longName ?? (prefix ? `${prefix}/${name}` : name)
    longName = null
    const type = typeFlag === "0" || typeFlag === "\0" ? "file" : typeFlag === "5" ? "directory" : "other"
    entries.push({ path, type, size, content: type === "file" ? Buffer.from(body) : null })
  }
  return entries
}

function cString(buffer) {
  const end = buffer.indexOf(0)
  return buffer.subarray(0, end === -1 ? buffer.length : end).toString("utf8")
}

function parseOctal(buffer) {
  const text = cString(buffer).trim()
  return text ? parseInt(text, 8) : 0
}

// pax records: "<length> <key>=<value>\n"
function parsePax(buffer) {
  const records = {}
  let position = 0
  while (position < buffer.length) {
    const space = buffer.indexOf(0x20, position)
    if (space === -1) break
    const length = parseInt(buffer.subarray(position, space).toString("utf8"), 10)
    if (!Number.isFinite(length) || length <= 0) break
    const record = buffer.subarray(space + 1, position + length - 1).toString("utf8")
    const equals = record.indexOf("=")
    if (equals > 0) {
      records[record.slice(0, equals)] = record.slice(equals + 1)
    }
    position += length
  }
  return records
}
