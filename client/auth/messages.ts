/** Strings of the sign-in widget (Chinese first; English mirrors every key, which its type enforces). */
import { translator } from './translate';

const zh = {
  signIn: '登录',
  signOut: '退出',
  signInTitle: '卫健部门登录',
  name: '用户名',
  password: '密码',
  submit: '登录',
  cancel: '取消',
  signingIn: '正在登录…',
  invalidCredentials: '用户名或密码错误，或该用户已停用。',
  tooManyAttempts: '尝试次数过多，请稍后再试。',
  signInFailed: '登录失败：{message}',
  signedInAs: '已登录：{name}',
  role_planner: '规划人员',
  role_bureau: '卫健部门',
  role_admin: '管理员',
  sessionEnded: '登录已过期，请重新登录。',
  expiresAt: '登录有效期至 {at}',
};

export type AuthMessageKey = keyof typeof zh;

const en: Record<AuthMessageKey, string> = {
  signIn: 'Sign in',
  signOut: 'Sign out',
  signInTitle: 'Health bureau sign-in',
  name: 'User name',
  password: 'Password',
  submit: 'Sign in',
  cancel: 'Cancel',
  signingIn: 'Signing in…',
  invalidCredentials: 'Unknown name or wrong password, or the user is disabled.',
  tooManyAttempts: 'Too many attempts; please try again later.',
  signInFailed: 'Sign-in failed: {message}',
  signedInAs: 'Signed in: {name}',
  role_planner: 'planner',
  role_bureau: 'health bureau',
  role_admin: 'administrator',
  sessionEnded: 'Your session has ended; please sign in again.',
  expiresAt: 'Signed in until {at}',
};

export const ta = translator<AuthMessageKey>({ zh, en });
