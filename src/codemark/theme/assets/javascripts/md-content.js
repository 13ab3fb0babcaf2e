// mkdocs-material 9's partials/javascripts/content.html, loaded as a file (see md-base.js):
// open the content tab that the address's #fragment names.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
