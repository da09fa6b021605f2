import { createRequire as __kitCreateRequire } from 'node:module';
const require = __kitCreateRequire(import.meta.url);
var KitError=class extends Error{name="KitError";code;details;constructor(code,message,details=[]){super(details.length>0?`${message}
${details.map(d=>`  - ${d}`).join(`
`)}`:message),this.code=code,this.details=details}};function isKitError(error){return error instanceof KitError}function describeError(error){return error instanceof Error?error.message:String(error)}export{KitError,describeError,isKitError};
