import { createRoot } from 'react-dom/client';
import '@/components/theme.css';
import { Popup } from './Popup';

createRoot(document.getElementById('root')!).render(<Popup />);
