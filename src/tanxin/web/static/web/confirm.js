// Forms that move money or tonnes, or delete, ask first: <form data-confirm="… {quantity} …">. The question
// restates what will happen; {quantity} is the value of the form's quantity field at the moment of submitting.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (!form) return;
  const quantity = form.querySelector("[name=quantity]");
  const question = form.dataset.confirm.replace("{quantity}", quantity ? quantity.value : "");
  if (!window.confirm(question)) event.preventDefault();
});
