// mkdocs-material 9's partials/javascripts/base.html, loaded as a file so that the site's
// Content-Security-Policy can forbid inline scripts. The scope comes from the tag's
// data-md-scope attribute, where the theme wrote it into the script.
__md_scope=new URL(document.currentScript.getAttribute("data-md-scope"),location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
