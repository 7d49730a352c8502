// A roster as branches really keep them, written as .xlsx with exceljs (a devDependency of web/):
// a merged title row, a two-row header with merged cells, stray spaces, full-width digits and
// dates written in four different ways.
import { createRequire } from 'node:module'

const require = createRequire(new URL('../../../web/package.json', import.meta.url))
const ExcelJS = require('exceljs')

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** A citizen ID number (GB 11643) with a correct check character. */
export function idNumber(region, birth /* YYYYMMDD */, seq /* 3 digits, odd = male */) {
  const body = `${region}${birth}${seq}`
  const sum = [...body].reduce((s, d, i) => s + Number(d) * WEIGHTS[i], 0)
  return body + CHECK[sum % 11]
}

/** The same number with a wrong check character. */
export function withWrongCheck(id) {
  const last = id.at(-1)
  return id.slice(0, -1) + (last === '1' ? '2' : '1')
}

/** Full-width digits (０-９), as an IME in full-width mode types them. */
export function fullWidth(s) {
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
}

/**
 * Writes the roster: `people` are rows of { name, gender, id, student_no, category, joined,
 * full, phone } where joined/full may be strings or Date (a real Excel date). Answers a Buffer.
 */
export async function rosterXlsx(title, people) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('党员花名册')
  ws.mergeCells('A1:I1')
  ws.getCell('A1').value = title
  ws.getCell('A1').font = { bold: true, size: 16 }
  ws.getCell('A1').alignment = { horizontal: 'center' }
  // A two-row header: most columns merged over both rows, 党籍信息 spanning two sub-columns.
  const single = [
    ['A', '序号'],
    ['B', '姓名'],
    ['C', '性别'],
    ['D', '公民身份号码'],
    ['E', '学号'],
    ['F', '人员类别'],
    ['I', '联系电话'],
  ]
  for (const [col, text] of single) {
    ws.mergeCells(`${col}2:${col}3`)
    ws.getCell(`${col}2`).value = text
  }
  ws.mergeCells('G2:H2')
  ws.getCell('G2').value = '党籍信息'
  ws.getCell('G3').value = '入党时间'
  ws.getCell('H3').value = '转正时间'
  people.forEach((p, i) => {
    const row = ws.getRow(4 + i)
    row.values = [i + 1, p.name, p.gender, p.id, p.student_no, p.category, p.joined ?? null, p.full ?? null, p.phone ?? null]
    for (const c of [7, 8]) if (row.getCell(c).value instanceof Date) row.getCell(c).numFmt = 'yyyy-mm-dd'
  })
  ws.columns.forEach((c) => (c.width = 18))
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** The rows of the first sheet of an .xlsx file as arrays of cell texts (row 1 first). */
export async function readXlsx(path) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(path)
  const ws = wb.worksheets[0]
  const out = []
  ws.eachRow({ includeEmpty: true }, (row) => {
    out.push((row.values ?? []).slice(1).map((v) => (v == null ? '' : typeof v === 'object' && 'richText' in v ? v.richText.map((r) => r.text).join('') : String(v))))
  })
  return out
}
