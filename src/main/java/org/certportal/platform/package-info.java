/** What every module shares: portal-wide settings, the master key, randomness and client addresses. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.certportal.platform;
