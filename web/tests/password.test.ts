import { describe, expect, it } from 'vitest'
import { passwordProblem } from '../src/domain/password'

describe('passwordProblem', () => {
  const who = { login: '2020123456', name: '张三' }
  it('requires at least 10 characters', () => {
    expect(passwordProblem('', who)).toBe('password.newRequired')
    expect(passwordProblem('Abc@12345', who)).toBe('password.tooShort')
    expect(passwordProblem('Abc@123456', who)).toBeNull()
  })
  it('refuses passwords containing the account or the name', () => {
    expect(passwordProblem('x2020123456!', who)).toBe('password.containsName')
    expect(passwordProblem('我是张三的密码abc', who)).toBe('password.containsName')
  })
  it('refuses the old password and a mismatched confirmation', () => {
    expect(passwordProblem('Zhdj@2026demo', { ...who, old: 'Zhdj@2026demo' })).toBe('password.same')
    expect(passwordProblem('Zhdj@2027new!', { ...who, confirm: 'Zhdj@2027new' })).toBe('password.mismatch')
    expect(passwordProblem('Zhdj@2027new!', { ...who, confirm: 'Zhdj@2027new!' })).toBeNull()
  })
})
